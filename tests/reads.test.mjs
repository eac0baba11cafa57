// Global reads: reads that may be a moment stale go to a D1 session that may use a replica
// near the worker; writes and money go to the primary. The bookmark round trip gives
// read-your-writes. Locally there is one database, so this proves the plumbing (the header
// out after a write, back in on the next read, a malformed one ignored) and the per-route
// D1 work the log line reports; it cannot show a replica's lag.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { mintCodes, SECRETS, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
after(async () => { await shop?.stop(); });

const admin = (extra = {}) => ({ headers: { 'x-api-key': SECRETS.ADMIN_API_KEY, ...extra } });
const BOOKMARK = /^[0-9a-f]+(-[0-9a-f]+)*$/;
/** The log line of the newest request to `route`. */
async function lastLine(route) {
  const lines = (await shop.logs()).map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter((l) => l?.route === route);
  return lines.at(-1);
}

test('a write answers with its bookmark, and a read that sends it back sees the write', async () => {
  const made = await shop.admin.post('/api/admin/codes', { count: 2, service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  assert.equal(made.status, 201);
  const bookmark = made.headers.get('x-d1-bookmark');
  assert.match(bookmark ?? '', BOOKMARK, 'the write carries its bookmark');
  const listed = await shop.get('/api/admin/codes?limit=50', admin({ 'x-d1-bookmark': bookmark }));
  assert.equal(listed.status, 200);
  for (const code of made.body.data.codes) assert.ok(listed.body.data.codes.some((c) => c.code === code), `${code} is listed`);
  assert.match(listed.headers.get('x-d1-bookmark') ?? '', BOOKMARK, 'a read answers with the bookmark it reached');

  // A buyer who just redeemed, then opens the order page with that bookmark: the order.
  const [code] = made.body.data.codes;
  const redeemed = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Fresh' });
  assert.equal(redeemed.status, 200);
  const after = redeemed.headers.get('x-d1-bookmark');
  assert.match(after ?? '', BOOKMARK);
  const page = await shop.get(`/api/orders/by-code/${code}`, { headers: { 'x-d1-bookmark': after } });
  assert.equal(page.status, 200, JSON.stringify(page.body));
  assert.equal(page.body.data.order_id, redeemed.body.data.order_id);
});

test('a malformed bookmark is ignored: the read is answered as without one', async () => {
  const [code] = await mintCodes(shop, { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  for (const junk of ["'; DROP TABLE codes; --", 'first-primary', 'z'.repeat(300), '---']) {
    const res = await shop.post('/api/validate-code', { code }, { headers: { 'x-d1-bookmark': junk } });
    assert.equal(res.status, 200, `${junk}: ${JSON.stringify(res.body)}`);
  }
  assert.equal((await shop.d1(`SELECT count(*) AS n FROM codes WHERE code = '${code}'`))[0].n, 1);
});

test('the D1 work per route: validate-code 1 statement, redeem 5 in 2 round trips (the reservation reads the code)', async () => {
  const [code] = await mintCodes(shop, { service_id: 101, quantity: 100, platform: 'youtube', service_type: 'subscribers' });
  assert.equal((await shop.post('/api/validate-code', { code })).status, 200);
  const validate = await lastLine('/api/validate-code');
  assert.deepEqual([validate.d1_queries, validate.d1_round_trips], [1, 1]);
  assert.equal((await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@Trips' })).status, 200);
  const redeem = await lastLine('/api/redeem');
  assert.deepEqual([redeem.d1_queries, redeem.d1_round_trips], [5, 2]);
});
