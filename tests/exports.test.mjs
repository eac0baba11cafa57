// Exports never cut silently: a shop with more codes than one export part (3,000 rows: 6 D1
// queries, and the CPU of a few page views) gets every row, in parts the API names and
// the dashboard joins into one file.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, openAdmin } from './support/browser.mjs';
import { SECRETS, startShop } from './support/worker.mjs';

const ROWS = 10_600;
const admin = { 'x-api-key': SECRETS.ADMIN_API_KEY };
let shop;
before(async () => {
  shop = await startShop();
  // Many codes share a creation time, so the keyset cursor's tie-break is exercised too.
  await shop.d1(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${ROWS})
    INSERT INTO codes (code, service_id, quantity, platform, service_type, status, created_date, source)
    SELECT printf('BULK-%06d', i), 101, 100, 'youtube', 'subscribers', 'unused',
      strftime('%Y-%m-%dT%H:%M:%fZ', '2026-11-01', '+' || (i % 5000) || ' seconds'), 'admin' FROM n`);
});
after(async () => { await shop?.stop(); });

const codesOf = (csv) => csv.trim().split('\r\n').slice(1).map((line) => line.split(',')[0]);

test('an export larger than one part says so, names the next part, and the parts hold every row once', async () => {
  const seen = [];
  const parts = [];
  for (let next = '/api/admin/codes.csv?status=unused'; next;) {
    const res = await shop.fetch(next, { headers: admin });
    assert.equal(res.status, 200);
    const text = await res.text();
    const rows = codesOf(text);
    parts.push({
      rows: Number(res.headers.get('x-export-rows')),
      complete: res.headers.get('x-export-complete'),
      name: /filename="([^"]+)"/.exec(res.headers.get('content-disposition'))[1],
    });
    assert.equal(rows.length, parts.at(-1).rows, 'x-export-rows counts the rows sent');
    seen.push(...rows);
    next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
    if (next) assert.match(next, /^\/api\/admin\/codes\.csv\?status=unused&cursor=[^&]+&part=\d$/);
  }
  assert.deepEqual(parts.map((p) => [p.rows, p.complete]), [[3_000, 'false'], [3_000, 'false'], [3_000, 'false'], [ROWS - 9_000, 'true']]);
  assert.match(parts[0].name, /^codes-\d{4}-\d\d-\d\d-part1\.csv$/);
  assert.match(parts[1].name, /-part2\.csv$/);
  assert.match(parts[3].name, /-part4\.csv$/);
  assert.equal(seen.length, ROWS);
  assert.equal(new Set(seen).size, ROWS, 'no row twice');
  const all = (await shop.d1("SELECT code FROM codes WHERE status = 'unused'")).map((r) => r.code);
  assert.deepEqual([...seen].sort(), all.sort(), 'every row');
});

test('a small export is one complete file, as before', async () => {
  const res = await shop.fetch('/api/admin/codes.csv?q=BULK-00001', { headers: admin });
  assert.equal(res.headers.get('x-export-complete'), 'true');
  assert.equal(res.headers.get('link'), null);
  assert.match(/filename="([^"]+)"/.exec(res.headers.get('content-disposition'))[1], /^codes-\d{4}-\d\d-\d\d\.csv$/);
  assert.equal(codesOf(await res.text()).length, 10, 'BULK-000010 to BULK-000019');
});

test('the dashboard downloads every part and saves one file with every row', async () => {
  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.setDefaultTimeout(60_000);
    await openAdmin(page, shop.base);
    await page.locator('#tabs a[data-tab=codes]').click();
    await page.locator('#codes-body tr').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#codes-csv').click()]);
    assert.match(download.suggestedFilename(), /^codes-\d{4}-\d\d-\d\d\.csv$/, 'one file, not part 1');
    const rows = codesOf(readFileSync(await download.path(), 'utf8'));
    assert.equal(rows.length, ROWS);
    assert.equal(new Set(rows).size, ROWS);
  } finally {
    await browser.close();
  }
});
