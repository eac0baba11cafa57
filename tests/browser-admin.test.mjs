// The shop owner uses the admin dashboard (/admin) in a real browser (Debian's chromium through
// playwright-core) against the real worker and the fake panel. The page is served with the
// strict Content-Security-Policy it is meant to live under (scripts and styles from 'self'
// only), so an inline script, handler or style attribute would show up as a violation.
// Screenshots go to tests/artifacts/ (git-ignored).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { launchBrowser, logIn, openAdmin, screenshot, seeText } from './support/browser.mjs';
import { deliver, mintCodes, SECRETS, startShop } from './support/worker.mjs';

const LAPTOP = { viewport: { width: 1280, height: 900 }, locale: 'en-US' };
const PHONE = { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const KEY_NAME = 'redeem-edge.admin-key';
const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
const igFollowers = { service_id: 201, quantity: 500, platform: 'instagram', service_type: 'followers' };
const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };

let shop;
let browser;
let review; // the two codes put in needs_review: [resolvedWithOrder, backToUnused]

before(async () => {
  // A threshold above the fake panel's 100.00 balance, so the low-balance warning shows.
  [shop, browser] = await Promise.all([
    startShop({ vars: { PANEL_TIMEOUT_MS: '1500', LOW_BALANCE_THRESHOLD: '500' } }),
    launchBrowser(),
  ]);
  const yt = await mintCodes(shop, { ...ytSubs, count: 3 });
  await mintCodes(shop, { ...igFollowers, count: 2 });
  const redeemed = await shop.json('/api/redeem', { code: yt[0], link: 'https://www.youtube.com/@SomeChannel', username: 'alice' });
  assert.equal(redeemed.status, 200, JSON.stringify(redeemed.body));
  review = [yt[1], yt[2]];
  // A redemption the panel refuses for the shop's own reason: the Overview must show it.
  const [refused] = await mintCodes(shop, igFollowers);
  shop.panel.fail('add', 'error', { message: 'Quantity more than maximal 10' });
  assert.equal((await shop.json('/api/redeem', { code: refused, link: 'https://www.instagram.com/unlucky.buyer' })).status, 502);
  for (const code of review) {
    shop.panel.fail('add', 'hang');
    const r = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@HangingChannel' });
    assert.equal(r.status, 504, JSON.stringify(r.body));
  }
  shop.panel.reset();
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});

const getApi = async (path) => {
  const res = await shop.get(path, admin);
  assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  return res.body.data;
};

/** A fresh tab on /admin under the strict CSP; script errors and CSP violations fail the test. */
async function adminTab(t, device = LAPTOP) {
  const context = await browser.newContext({ ...device, acceptDownloads: true });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error' && /Content Security Policy|Refused/.test(m.text())) errors.push(m.text()); });
  await page.route('**/admin', async (route) => {
    const response = await route.fetch();
    await route.fulfill({ response, headers: { ...response.headers(), 'content-security-policy': CSP } });
  });
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'no script errors and no CSP violations');
  });
  return openAdmin(page, shop.base, { key: null });
}

/** Picks a service the way an owner does: words of its name in the picker, then the match. */
async function pickService(page, field, words, id) {
  await page.locator(`#${field}-search`).fill(words);
  await page.locator(`#${field}-results button[data-service="${id}"]`).click();
  assert.equal(await page.locator(`#${field}`).inputValue(), String(id));
}


const columnTexts = (page, tbody, col) => page.locator(`${tbody} tr td:nth-child(${col})`).allTextContents();
const fmt = (n) => Number(n).toLocaleString('en-US');

test('a wrong key shows the API\'s words; the right key shows exactly the numbers /api/admin/stats reports', async (t) => {
  const page = await adminTab(t);
  const wrong = await shop.get('/api/admin/stats', { headers: { 'x-api-key': 'not-the-key' } });
  assert.equal(wrong.status, 401);
  await logIn(page, 'not-the-key');
  assert.equal(await seeText(page, '#login-error', /\S/), wrong.body.message);
  assert.equal(await page.locator('#dashboard-view').isVisible(), false);
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_NAME), null, 'a refused key is not kept');
  await screenshot(page, 'admin-1-login');

  await logIn(page);
  await page.locator('#dashboard-view').waitFor({ state: 'visible' });
  await seeText(page, '#s-unused', /\d/);
  await page.locator('#chart-days rect.bar').first().waitFor();
  const s = await getApi('/api/admin/stats?days=30');
  assert.equal(await page.locator('#s-unused').textContent(), fmt(s.codes.unused));
  assert.equal(await page.locator('#s-used').textContent(), fmt(s.codes.used));
  assert.equal(await page.locator('#s-review').textContent(), fmt(s.codes.needs_review));
  assert.equal(await page.locator('#s-today').textContent(), fmt(s.redemptions_today));
  assert.deepEqual([s.codes.unused, s.codes.used, s.codes.needs_review, s.redemptions_today], [3, 1, 2, 1], 'the seeded shop');
  // The refusal the owner would otherwise never hear of, with the panel's own words.
  assert.equal(await seeText(page, '#s-refused', /\d/), '1');
  assert.equal(await page.locator('#stat-refused').getAttribute('class'), 'stat attention');
  await seeText(page, '#refused-body', /Quantity more than maximal 10/);
  assert.equal(await page.title(), 'My SMM Shop · admin');
  await seeText(page, '#shop-name', /My SMM Shop · admin/);
  const balance = Number(s.balance.balance).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 5 });
  assert.equal(await page.locator('#s-balance').textContent(), `${balance} ${s.balance.currency}`);
  assert.equal(s.low_balance, true);
  assert.match(await seeText(page, '#low-balance', /Low panel balance/), new RegExp(`${balance.replace('.', '\\.')} USD is below 500\\.00`));
  assert.equal(await page.locator('#stat-balance').getAttribute('class'), 'stat warn');

  // One bar per day, in the API's order, each as tall as the API's count says (zero or not).
  const bars = await page.locator('#chart-days rect.bar').evaluateAll((rs) => rs.map((r) => [r.dataset.day, Number(r.dataset.value), Number(r.getAttribute('height'))]));
  assert.equal(bars.length, 30);
  assert.deepEqual(bars.map(([day, v]) => [day, v]), s.redemptions_per_day.map((d) => [d.day, d.count]));
  const max = Math.max(...bars.map(([, , h]) => h));
  assert.ok(bars.at(-1)[2] === max && max > 100, 'today has the tall bar');
  assert.ok(bars.slice(0, -1).every(([, , h]) => h === 2), 'days without redemptions are a stub on the baseline');
  assert.equal(await page.locator('#chart-days rect.bar.zero').count(), 29);
  const platformBars = await page.locator('#chart-platforms rect.bar').evaluateAll((rs) => rs.map((r) => [r.dataset.label, Number(r.dataset.value)]));
  assert.deepEqual(platformBars, s.units_per_platform.map((p) => [p.platform === 'youtube' ? 'YouTube' : p.platform, p.units]));
  assert.equal(await page.locator('#review-count').textContent(), '2', 'the Review tab shows how many wait');
  await screenshot(page, 'admin-2-overview');

  // A shorter period redraws the chart with one bar per day of it.
  await page.locator('#stats-days').selectOption('7');
  await page.waitForFunction(() => document.querySelectorAll('#chart-days rect.bar').length === 7);
});

test('codes made with the form are shown to copy and found in the codes table; paging and CSV work', async (t) => {
  const page = await adminTab(t);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: shop.base });
  await logIn(page);
  await page.locator('#tabs a[data-tab=codes]').click();
  await page.locator('#tab-codes').waitFor({ state: 'visible' });
  assert.equal(new URL(page.url()).hash, '#codes');

  // A refused template: the API's words next to the form.
  await page.locator('#c-count').fill('3');
  // The picker finds the service by name and shows its rate, limits and the cost per code.
  await page.locator('#c-quantity').fill('20');
  await page.locator('#c-service-search').fill('tiktok follow');
  await page.locator('#c-service-results button.pick').first().waitFor();
  const matches = await page.locator('#c-service-results button.pick').evaluateAll((bs) => bs.map((b) => b.dataset.service));
  assert.deepEqual(matches, ['301']);
  await seeText(page, '#c-service-results', /TikTok - Followers · 1\.80 USD \/ 1,000 · 50–50,000 · refill · cancel/);
  await page.locator('#c-service-results button.pick').click();
  assert.equal(await page.locator('#c-service').inputValue(), '301');
  assert.equal(await page.locator('#c-service-search').inputValue(), '301 · TikTok Followers');
  await seeText(page, '#c-service-name', /Quantity 20 is outside this service's 50–50,000/);
  await page.locator('#c-quantity').fill('250');
  await seeText(page, '#c-service-name', /Cost per code: 0\.45 USD \(250 × 1\.80 \/ 1,000\)/);
  await screenshot(page, 'admin-3-picker');
  await page.locator('#c-platform').selectOption('tiktok');
  await page.locator('#c-type').selectOption('followers');
  await page.locator('#c-prefix').fill('way-too-long-prefix');
  await page.locator('#create-submit').click();
  assert.match(await seeText(page, '#create-error', /\S/), /prefix must be 1 to 12 letters or digits/);

  // The prefixes hold an O or an I, which no generated group has, so a search for one finds only its own codes.
  await page.locator('#c-prefix').fill('BROWSER');
  await page.locator('#c-refill').check();
  await page.locator('#create-submit').click();
  await page.locator('#create-result').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#create-error').textContent(), '');
  const created = (await page.locator('#created-codes').inputValue()).split('\n');
  assert.equal(created.length, 3);
  assert.ok(created.every((c) => /^BROWSER-[A-Z0-9]{4}(-[A-Z0-9]{4}){3}$/.test(c)), created.join(' '));
  assert.equal(await page.locator('#created-codes').getAttribute('readonly'), '');
  assert.match(await seeText(page, '#create-summary', /Created 3 codes/), /250 Followers on TikTok/);
  await page.locator('#copy-codes').click();
  await seeText(page, '#copy-status', /Copied 3 codes/);
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), created.join('\n'));
  await screenshot(page, 'admin-4-created');

  // They are in the shop, as the API lists them.
  const listed = (await getApi('/api/admin/codes?q=BROWSER-')).codes;
  assert.deepEqual(listed.map((c) => c.code).sort(), [...created].sort());
  assert.ok(listed.every((c) => c.status === 'unused' && c.service_id === 301 && c.quantity === 250 && c.has_refill));

  await page.locator('#f-q').fill('browser-');
  await page.locator('#codes-search').click();
  await page.waitForFunction(() => document.querySelectorAll('#codes-body tr').length === 3 && document.querySelector('#codes-body td')?.textContent.startsWith('BROWSER-'));
  assert.deepEqual((await columnTexts(page, '#codes-body', 1)).sort(), [...created].sort());
  assert.deepEqual(await columnTexts(page, '#codes-body', 2), ['Unused', 'Unused', 'Unused']);
  assert.deepEqual(await columnTexts(page, '#codes-body', 3), ['TikTok', 'TikTok', 'TikTok']);
  await screenshot(page, 'admin-3-codes');

  // A status filter that matches none of them.
  await page.locator('#f-status').selectOption('used');
  await seeText(page, '#codes-body', /No codes match/);
  await page.locator('#f-status').selectOption('');
  await page.waitForFunction(() => document.querySelectorAll('#codes-body tr').length === 3);

  // CSV of the current filter: fetched with the key, saved through a download.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#codes-csv').click()]);
  assert.match(download.suggestedFilename(), /^codes-\d{4}-\d\d-\d\d\.csv$/);
  const csv = readFileSync(await download.path(), 'utf8').trim().split('\r\n');
  assert.equal(csv[0].split(',')[0], 'code');
  assert.deepEqual(csv.slice(1).map((l) => l.split(',')[0]).sort(), [...created].sort());

  // Paging: 55 codes with one prefix are 50 on the first page and 5 on the next.
  await shop.json('/api/admin/codes', { count: 55, ...igFollowers, prefix: 'PAGING' }, admin);
  await page.locator('#f-q').fill('PAGING-');
  await page.locator('#codes-search').click();
  await page.waitForFunction(() => document.querySelectorAll('#codes-body tr').length === 50);
  assert.equal(await page.locator('#codes-first').isDisabled(), true);
  const first = await columnTexts(page, '#codes-body', 1);
  await page.locator('#codes-next').click();
  await page.waitForFunction(() => document.querySelectorAll('#codes-body tr').length === 5);
  assert.equal(await page.locator('#codes-page').textContent(), 'Page 2');
  assert.equal(await page.locator('#codes-next').isDisabled(), true, 'no page after the last');
  const second = await columnTexts(page, '#codes-body', 1);
  assert.equal(new Set([...first, ...second]).size, 55, 'every code once');
  await page.locator('#codes-first').click();
  await page.waitForFunction(() => document.querySelectorAll('#codes-body tr').length === 50);
  assert.deepEqual(await columnTexts(page, '#codes-body', 1), first);

  // Void asks twice, then the code is void.
  const target = first[0];
  const row = page.locator('#codes-body tr', { hasText: target });
  await row.getByRole('button', { name: 'Void' }).click();
  await row.getByRole('button', { name: 'Really void?' }).click();
  await page.waitForFunction((c) => [...document.querySelectorAll('#codes-body tr')].some((tr) => tr.textContent.includes(c) && tr.textContent.includes('Void') && !tr.querySelector('button')), target);
  assert.equal((await getApi(`/api/admin/codes/${target}`)).code.status, 'void');
});

test('the review queue shows the pending link and reason, and settles a code both ways', async (t) => {
  const page = await adminTab(t);
  await logIn(page);
  await page.locator('#tabs a[data-tab=review]').click();
  const items = page.locator('#review-list .review-item');
  await items.first().waitFor();
  assert.equal(await items.count(), 2);
  const [placed, none] = review;
  const itemOf = (code) => page.locator(`#review-list .review-item[data-code="${code}"]`);
  assert.equal(await itemOf(placed).locator('.pending-link').textContent(), 'https://www.youtube.com/@HangingChannel');
  assert.match(await itemOf(placed).locator('.review-reason').textContent(), /no answer within 1500 ms/);
  await screenshot(page, 'admin-5-review');

  // "Resolve" without an order id says what is missing and sends nothing.
  await itemOf(placed).getByRole('button', { name: 'Resolve' }).click();
  assert.match(await seeText(page, `#review-list [data-code="${placed}"] .error`, /\S/), /order id/);
  await itemOf(placed).locator('input').fill('777001');
  await itemOf(placed).getByRole('button', { name: 'Resolve' }).click();
  await seeText(page, `#review-list [data-code="${placed}"] .notice`, /marked used with order 777001/);
  const d1 = await getApi(`/api/admin/codes/${placed}`);
  assert.deepEqual([d1.code.status, d1.code.order_id], ['used', 777001]);

  await itemOf(none).getByRole('button', { name: 'No order: back to unused' }).click();
  await seeText(page, `#review-list [data-code="${none}"] .notice`, /back to unused/);
  assert.equal((await shop.json('/api/validate-code', { code: none })).body.data.status, 'unused');
  assert.equal(shop.panel.calls('add').length, 0, 'settling never orders');

  // Reopening the tab: the queue is empty, the count is gone.
  await page.locator('#tabs a[data-tab=overview]').click();
  await page.locator('#tabs a[data-tab=review]').click();
  await seeText(page, '#review-list', /Nothing waits for review/);
  await page.waitForFunction(() => document.querySelector('#review-count').classList.contains('hidden'));
});

test('redemptions filter by date; products are added, edited and deleted; a manual order is placed and checked', async (t) => {
  const page = await adminTab(t);
  await logIn(page);

  await page.locator('#tabs a[data-tab=redemptions]').click();
  await seeText(page, '#redemptions-body', /SomeChannel/);
  const all = (await getApi('/api/admin/redemptions?limit=500')).redemptions;
  assert.equal(await page.locator('#redemptions-body tr').count(), all.length);
  assert.deepEqual(await columnTexts(page, '#redemptions-body', 2), all.map((r) => r.code));
  await page.locator('#r-to').fill('2000-01-01');
  await page.locator('#redemptions-apply').click();
  await seeText(page, '#redemptions-body', /No redemptions in this range/);
  await page.locator('#r-to').fill('');
  await page.locator('#redemptions-apply').click();
  await seeText(page, '#redemptions-body', /SomeChannel/);

  await page.locator('#tabs a[data-tab=products]').click();
  await seeText(page, '#products-body', /No products are mapped yet/);
  await page.locator('#p-product').fill('12345');
  // The panel's name for the id typed, so a wrong id shows before anything is sold.
  await pickService(page, 'p-service', 'tiktok views', 302);
  await seeText(page, '#p-service-name', /TikTok Views \(TikTok - Views\) · 0\.05 USD per 1,000/);
  await page.locator('#p-quantity').fill('1000');
  await page.locator('#p-platform').selectOption('youtube');
  await page.locator('#p-type').selectOption('subscribers');
  await page.locator('#product-submit').click();
  assert.match(await seeText(page, '#product-error', /\S/), /302 is "TikTok Views"/);
  assert.equal(await page.locator('#product-submit').textContent(), 'Add mapping anyway');
  await screenshot(page, 'admin-7-product-mismatch');
  assert.deepEqual((await getApi('/api/admin/products')).products, [], 'nothing mapped on a mismatch');
  await pickService(page, 'p-service', '101', 101);
  await seeText(page, '#p-service-name', /YouTube Subscribers \[Refill 30 days\]/);
  assert.equal(await page.locator('#product-submit').textContent(), 'Add mapping', 'a new id takes the confirmation back');
  // A drip-feed: 1,000 five times, 30 minutes apart (the cost counts every run).
  await page.locator('#p-drip-runs').fill('5');
  await page.locator('#p-drip-interval').fill('30');
  await page.locator('#product-submit').click();
  await seeText(page, '#products-body', /12345/);
  assert.deepEqual(await page.locator('#products-body tr').first().locator('td').allTextContents(),
    ['12345', 'every variant', '101 · YouTube Subscribers [Refill 30 days]', '1,000', '12.00', 'YouTube', 'Subscribers', 'Code', 'No', '30 days', 'Edit Delete']);
  // The same product again: the API's refusal next to the form.
  await page.locator('#p-product').fill('12345');
  await pickService(page, 'p-service', 'youtube subscribers refill', 101);
  await page.locator('#p-quantity').fill('1000');
  await page.locator('#product-submit').click();
  assert.match(await seeText(page, '#product-error', /\S/), /already has a mapping/);
  await screenshot(page, 'admin-8-products');
  await page.locator('#products-body').getByRole('button', { name: 'Edit' }).click();
  assert.equal(await page.locator('#p-product').inputValue(), '12345');
  await page.locator('#p-quantity').fill('2000');
  await page.locator('#p-refill').check();
  // Ordered at checkout, for the link in the Sellauth custom field "Channel".
  assert.equal(await page.locator('#p-link-field').isDisabled(), true, 'no link field for a code product');
  await page.locator('#p-fulfilment').selectOption('order');
  await page.locator('#p-link-field').fill('Channel');
  await page.locator('#product-submit').click();
  await seeText(page, '#product-notice', /Updated product 12345/);
  const [mapped] = (await getApi('/api/admin/products')).products;
  assert.deepEqual([mapped.product_id, mapped.quantity, mapped.has_refill, mapped.fulfilment, mapped.link_field], ['12345', 2000, 1, 'order', 'Channel']);
  assert.deepEqual([mapped.drip_runs, mapped.drip_interval], [5, 30], 'an edit keeps the drip-feed it did not touch');
  await seeText(page, '#products-body', /2,000/);
  await seeText(page, '#products-body', /Order at checkout \(“Channel”\)/);
  await page.locator('#products-body').getByRole('button', { name: 'Delete' }).click();
  await page.locator('#products-body').getByRole('button', { name: 'Really delete?' }).click();
  await seeText(page, '#products-body', /No products are mapped yet/);
  assert.deepEqual((await getApi('/api/admin/products')).products, []);

  await page.locator('#tabs a[data-tab=orders]').click();
  await page.locator('#o-quantity').fill('100');
  await pickService(page, 'o-service', 'instagram followers', 201);
  await seeText(page, '#o-service-name', /Cost of the order: 0\.12 USD/);
  await page.locator('#o-link').fill('https://www.instagram.com/p/CxYz123AbC/');
  await page.locator('#order-submit').click();
  assert.match(await seeText(page, '#order-error', /\S/), /Instagram/);
  assert.equal(shop.panel.calls('add').length, 0);
  await page.locator('#o-link').fill('instagram.com/shop.owner');
  await page.locator('#order-submit').click();
  const placed = await seeText(page, '#order-result', /Order \d+ placed/);
  const id = Number(/Order (\d+)/.exec(placed)[1]);
  assert.equal(shop.panel.calls('add').length, 1);
  assert.equal(await page.locator('#l-order').inputValue(), String(id), 'the lookup form has the new order');
  await page.locator('#lookup-status').click();
  await seeText(page, '#lookup-facts', /Pending/);
  await page.locator('#lookup-refill').click();
  assert.match(await seeText(page, '#lookup-error', /\S/), /not eligible for refill/);
  shop.panel.setOrderStatus(id, { status: 'Completed' });
  await page.locator('#lookup-refill').click();
  await seeText(page, '#lookup-notice', /Refill \d+ requested/);
  await screenshot(page, 'admin-9-orders');
  assert.equal(await page.locator('#lookup-error').textContent(), '');
});

test('the Money tab shows revenue, cost and margin as /api/admin/money reports them, per day and per product', async (t) => {
  const mapped = await shop.post('/api/admin/products', { product_id: 5150, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers' }, admin);
  assert.equal(mapped.status, 201, JSON.stringify(mapped.body));
  const raw = JSON.stringify({ event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: 515001, currency: 'USD', email: 'buyer@example.com',
    item: { id: 1, product_id: 5150, quantity: 1, price: '12.50', total_price: '12.50', product: { id: 5150, name: '100 Instagram Followers' } } });
  const delivered = await deliver(shop, raw);
  const code = /#code=([A-Z0-9-]+)/.exec(delivered.text)[1];
  assert.equal((await shop.json('/api/redeem', { code, link: 'https://www.instagram.com/money.buyer' })).status, 200);

  const page = await adminTab(t);
  await logIn(page);
  await page.locator('#tabs a[data-tab=money]').click();
  await page.locator('#chart-money rect.bar').first().waitFor();
  const m = await getApi('/api/admin/money?days=30');
  const usd = m.per_currency.find((c) => c.currency === 'USD');
  const cards = await page.locator('#money-totals .stat .value').allTextContents();
  const fmtMoney = (v) => `${Number(v).toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 5 })} USD`;
  assert.deepEqual(cards, [fmtMoney(usd.revenue), `${fmtMoney(usd.cost)} *`, fmtMoney(usd.margin)]);
  assert.equal(usd.revenue, '12.50');
  await seeText(page, '#money-note', /at the estimate from the service's rate/);
  // Two bars a day at most, on the days the API has amounts for.
  const bars = await page.locator('#chart-money rect.bar').evaluateAll((rs) => rs.map((r) => [r.dataset.day, r.classList.contains('first') ? 'revenue' : 'cost', Number(r.dataset.value)]));
  const expected = m.per_day.filter((d) => d.currency === 'USD').flatMap((d) => [[d.day, 'revenue', Number(d.revenue)], [d.day, 'cost', Number(d.cost)]]).filter(([, , v]) => v > 0);
  assert.deepEqual(bars, expected);
  const row = page.locator('#money-body tr', { hasText: '100 Instagram Followers' });
  assert.deepEqual(await row.locator('td').allTextContents(), ['100 Instagram Followers #5150', '1', '12.50 USD', '1', '0.12 USD *', '12.38 USD', '99.0 %']);
  await seeText(page, '#forecast-body', /About [\d,]+ days/);
  await screenshot(page, 'admin-10-money');
  const download = page.waitForEvent('download');
  await page.locator('#money-csv').click();
  const file = await download;
  assert.match(file.suggestedFilename(), /^money-by-product-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await file.path(), 'utf8');
  assert.ok(text.includes('100 Instagram Followers,sellauth,5150,USD,12.50,0.12,12.38,0.00,0.12,1,1,1,0'), text);

  const phone = await adminTab(t, PHONE);
  await logIn(phone);
  await phone.locator('#tabs a[data-tab=money]').tap();
  await phone.locator('#chart-money rect.bar').first().waitFor();
  assert.equal(await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'the Money tab fits 390 px');
  await screenshot(phone, 'admin-11-money-phone');
});

test('on a 390 px phone nothing overflows the screen, tables scroll in place, and log out forgets the key', async (t) => {
  const page = await adminTab(t, PHONE);
  await logIn(page);
  await seeText(page, '#s-unused', /\d/);
  await page.locator('#chart-days rect.bar').first().waitFor();
  const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.equal(await overflow(), 0, 'the overview fits 390 px');
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_NAME), SECRETS.ADMIN_API_KEY);
  await screenshot(page, 'admin-6-phone');

  await page.locator('#tabs a[data-tab=codes]').tap();
  await page.locator('#codes-body tr td.mono').first().waitFor();
  assert.equal(await overflow(), 0, 'the codes tab fits 390 px');
  const wrap = await page.locator('#tab-codes .table-wrap').evaluate((w) => [w.scrollWidth > w.clientWidth, getComputedStyle(w).overflowX]);
  assert.deepEqual(wrap, [true, 'auto'], 'the wide table scrolls inside its wrapper');
  const [a, b] = await Promise.all(['#c-service-search', '#c-count'].map((s) => page.locator(s).boundingBox()));
  assert.ok(b.y > a.y + a.height, 'form fields stack');
  await screenshot(page, 'admin-7-phone-codes');

  await page.locator('#logout').tap();
  await page.locator('#login-form').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#dashboard-view').isVisible(), false);
  assert.equal(await page.locator('#logout').isVisible(), false);
  assert.equal(await page.evaluate((k) => sessionStorage.getItem(k), KEY_NAME), null);
  assert.equal(await page.evaluate(() => sessionStorage.length), 0);
  assert.equal(await page.locator('#codes-body td.mono').count(), 0, 'nothing shown with the key stays on the page');
  await page.reload();
  await page.locator('#login-form').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#dashboard-view').isVisible(), false, 'a reload stays logged out');
});
