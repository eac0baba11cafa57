// Order updates by e-mail through the runtime's own send_email binding (wrangler logs each sent
// e-mail and writes its text to a file; nothing reaches a mailbox), and to the Telegram chat a
// code was redeemed from: once per event and channel, in the buyer's language, never after an
// unsubscribe.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { deliver, mintCodes, SECRETS, startShop } from './support/worker.mjs';

const PUBLIC_URL = 'https://shop.example';
const EMAIL = { EMAIL_FROM: 'orders@shop.example', PUBLIC_URL };
let shop;
before(async () => { shop = await startShop({ vars: EMAIL }); });
after(async () => { await shop?.stop(); });

const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };

// The runtime (wrangler, in this process) logs each sent e-mail and where it wrote its text:
// what this process prints is read back here.
let printed = '';
for (const stream of [process.stdout, process.stderr]) {
  const write = stream.write.bind(stream);
  stream.write = (chunk, ...rest) => {
    printed += String(chunk);
    return write(chunk, ...rest);
  };
}
/** The e-mails the runtime sent so far (all shops of this file): { to, subject, text }. */
function sent() {
  // eslint-disable-next-line no-control-regex
  const plain = printed.replace(/\x1b\[[0-9;]*m/g, '');
  return plain.split('send_email binding called with MessageBuilder:').slice(1).map((block) => ({
    to: /\nTo: (.*)/.exec(block)?.[1],
    subject: /\nSubject: (.*)/.exec(block)?.[1],
    text: readFileSync(/\nText: (\S+)/.exec(block)[1], 'utf8'),
  }));
}
async function until(check, what, ms = 8000) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}
const completedBy = async (s, code) => {
  const [row] = await s.d1(`SELECT order_id FROM codes WHERE code = '${code}'`);
  s.panel.setOrderStatus(row.order_id, { status: 'Completed', remains: 0 });
};

test("a Sellauth buyer's completed order sends one e-mail to the invoice's address, in their language, however often it is refreshed", async () => {
  const product = await shop.admin.post('/api/admin/products', { product_id: 5555, ...ytSubs });
  assert.equal(product.status, 201, JSON.stringify(product.body));
  const raw = JSON.stringify({
    event: 'INVOICE.ITEM.DELIVER-DYNAMIC', id: 880001, unique_id: 'inv-880001', status: 'completed', currency: 'USD',
    email: 'Ana.Buyer@example.com', customer: { id: 1, email: 'Ana.Buyer@example.com' },
    item: {
      id: 990001, invoice_id: 880001, product_id: 5555, variant_id: null, status: 'pending', price: '12.50',
      quantity: 1, total_price: '12.50', custom_fields: {}, product: { id: 5555, name: 'YouTube 1000 Subscribers' }, variant: null,
    },
  });
  const delivered = await deliver(shop, raw);
  assert.equal(delivered.status, 200, delivered.text);
  const code = /SMM(-[A-Z0-9]{4}){4}/.exec(delivered.text)[0];
  const res = await shop.post('/api/redeem', { code, link: 'https://www.youtube.com/@AnaMail', lang: 'es' });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(sent().filter((m) => m.to === 'ana.buyer@example.com'), [], 'final only (the default): nothing when placed');
  await completedBy(shop, code);
  await shop.scheduled();
  for (let i = 0; i < 10; i++) await shop.get(`/api/orders/by-code/${code}`);
  await shop.scheduled();
  await until(() => sent().some((m) => m.to === 'ana.buyer@example.com'), 'the e-mail');
  await sleep(500);
  const mine = sent().filter((m) => m.to === 'ana.buyer@example.com');
  assert.equal(mine.length, 1, JSON.stringify(mine));
  assert.match(mine[0].subject, /^Tu pedido #\d+ /, 'Spanish');
  assert.match(mine[0].text, new RegExp(`${PUBLIC_URL}/#code=${code}`));
  assert.match(mine[0].text, /https:\/\/shop\.example\/unsubscribe#address=ana\.buyer%40example\.com&token=[0-9a-f]{64}&lang=es/, 'the page in the e-mail\'s language');
  assert.doesNotMatch(mine[0].text, /smbpanel|127\.0\.0\.1|2\.40|charge/i, 'no panel, no cost');
  const view = await shop.admin.get(`/api/admin/codes/${code}`);
  assert.deepEqual(view.body.data.updates.map((u) => [u.kind, u.channel, u.status]), [['completed', 'email', 'sent']]);
});

test('an address typed on the order page gets that code\'s next update and no other buyer\'s; unsubscribing stops the next', async () => {
  const [mine, theirs] = await mintCodes(shop, { ...ytSubs, count: 2 });
  const typed = await shop.post(`/api/orders/by-code/${mine}/notify`, { email: 'Typed@Example.com', lang: 'de' });
  assert.equal(typed.status, 200, JSON.stringify(typed.body));
  assert.equal((await shop.post(`/api/orders/by-code/${mine}/notify`, { email: 'not an address' })).body.error.code, 'invalid_email');
  for (const [code, link] of [[mine, '@Typed'], [theirs, '@Other']]) {
    assert.equal((await shop.post('/api/redeem', { code, link: `https://www.youtube.com/${link}` })).status, 200);
    await completedBy(shop, code);
  }
  await shop.scheduled();
  await until(() => sent().some((m) => m.to === 'typed@example.com'), 'the typed address\'s e-mail');
  await sleep(500);
  const got = sent().filter((m) => m.to === 'typed@example.com');
  assert.equal(got.length, 1);
  assert.match(got[0].subject, /^Deine Bestellung|Bestellung #\d+/, 'German');
  assert.match(got[0].text, new RegExp(mine));
  assert.doesNotMatch(got[0].text, new RegExp(theirs), 'no other buyer\'s data');

  // One click unsubscribes (RFC 8058); a wrong token does nothing.
  const token = createHmac('sha256', `unsubscribe:${SECRETS.ADMIN_API_KEY}`).update('typed@example.com').digest('hex');
  // A mail scanner fetching the link changes nothing.
  const scanned = await shop.fetch(`/api/unsubscribe?address=typed%40example.com&token=${token}`);
  assert.equal(scanned.status, 200);
  assert.match(await scanned.text(), /confirm/);
  assert.deepEqual(await shop.d1("SELECT * FROM unsubscribed WHERE address = 'typed@example.com'"), []);
  const wrong = await shop.fetch('/api/unsubscribe?address=typed%40example.com&token=00', { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(wrong.status, 403);
  const ok = await shop.fetch(`/api/unsubscribe?address=typed%40example.com&token=${token}`, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  assert.equal(ok.status, 200);
  assert.match(await ok.text(), /no more e-mails/);
  // The next event of that code (a canceled refill becomes a make-good here) is not e-mailed.
  const [order] = await shop.d1(`SELECT order_id FROM codes WHERE code = '${mine}'`);
  shop.panel.setOrderStatus(order.order_id, { status: 'Partial', remains: 300 });
  const before0 = sent().length;
  await shop.scheduled();
  await sleep(800);
  assert.equal(sent().filter((m) => m.to === 'typed@example.com').length, 1, 'unsubscribed: nothing more');
  assert.ok(sent().length >= before0);
});

test('the unsubscribe page speaks the e-mail\'s language, and only its button unsubscribes', async (t) => {
  const { launchBrowser, screenshot, seeText } = await import('./support/browser.mjs');
  const address = 'paula@example.com';
  const token = createHmac('sha256', `unsubscribe:${SECRETS.ADMIN_API_KEY}`).update(address).digest('hex');
  const words = JSON.parse(readFileSync(new URL('../assets/i18n.json', import.meta.url), 'utf8')).words.es;
  const browser = await launchBrowser();
  t.after(() => browser.close());
  const page = await (await browser.newContext({ viewport: { width: 390, height: 700 }, isMobile: true })).newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${shop.base}/unsubscribe#address=${encodeURIComponent(address)}&token=${token}&lang=es`);
  await seeText(page, 'h2', new RegExp(words['unsub.title']));
  assert.equal(await page.locator('#unsub-address').textContent(), address);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'es');
  assert.deepEqual(await shop.d1(`SELECT * FROM unsubscribed WHERE address = '${address}'`), [], 'opening the page changes nothing');
  await screenshot(page, 'unsubscribe-es');
  await page.locator('#unsub-confirm').click();
  await seeText(page, '#unsub-done', new RegExp(words['unsub.done'].split('{address}')[0]));
  assert.equal((await shop.d1(`SELECT count(*) AS n FROM unsubscribed WHERE address = '${address}'`))[0].n, 1);
  // A link with a wrong token says so in the page's words and unsubscribes nothing.
  await page.goto(`${shop.base}/unsubscribe#address=other%40example.com&token=00&lang=es`);
  await page.reload();
  await page.locator('#unsub-confirm').click();
  await seeText(page, '#unsub-error', new RegExp(words['unsub.invalid'].slice(0, 20)));
  assert.deepEqual(errors, []);
});

test('EMAIL_UPDATES=off sends nothing', async () => {
  const quiet = await startShop({ vars: { ...EMAIL, EMAIL_UPDATES: 'off' } });
  try {
    const [code] = await mintCodes(quiet, ytSubs);
    await quiet.post(`/api/orders/by-code/${code}/notify`, { email: 'quiet@example.com' });
    assert.equal((await quiet.post('/api/redeem', { code, link: 'https://www.youtube.com/@Quiet' })).status, 200);
    await completedBy(quiet, code);
    await quiet.scheduled();
    await sleep(800);
    assert.deepEqual(sent().filter((m) => m.to === 'quiet@example.com'), []);
    assert.deepEqual(await quiet.d1('SELECT * FROM outbox'), []);
  } finally {
    await quiet.stop();
  }
});
