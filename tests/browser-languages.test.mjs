// The buyer's page in the buyer's language (real Chromium): chosen from the browser's
// languages, switched and remembered, right-to-left for Arabic; a live order with its
// progress; a comments code that shows its box and sends the comments to the panel.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { launchBrowser, screenshot, seeText } from './support/browser.mjs';
import { mintCodes, startShop } from './support/worker.mjs';

const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
let shop;
let browser;
before(async () => {
  [shop, browser] = await Promise.all([
    startShop({ vars: { SHOP_NAME: 'Growth Shop', SUPPORT_CONTACT: 'help@growth.example', FOOTER_TEXT: 'Growth Shop Ltd · since 2021' } }),
    launchBrowser(),
  ]);
});
after(async () => { await browser?.close(); await shop?.stop(); });

/** A phone-sized tab whose browser prefers `locale`; script errors fail the test. */
async function open(t, locale, path = '/') {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => { await context.close(); assert.deepEqual(errors, [], 'no script errors'); });
  await page.goto(shop.base + path);
  return page;
}
const langOf = (page) => page.evaluate(() => [document.documentElement.lang, document.documentElement.dir]);

test('a German or a Spanish browser gets its language; the shop\'s own words stay as they are', async (t) => {
  const de = await open(t, 'de-DE');
  await seeText(de, '#code-card h2', /Code eingeben/);
  assert.deepEqual(await langOf(de), ['de', 'ltr']);
  // The shop's name arrives with /api/health, after the page's own words.
  await de.waitForFunction(() => document.title.startsWith('Growth Shop'));
  assert.equal(await de.title(), 'Growth Shop · Code einlösen');
  await seeText(de, '#support', /Brauchst du Hilfe\? help@growth\.example/);
  await seeText(de, '#shop-footer', /Growth Shop Ltd · since 2021/);
  // An error code in the page's words, never the API's English.
  await de.locator('#code').fill('SMM-NOPE-NOPE-NOPE-NOPE');
  await de.locator('#code-submit').tap();
  await seeText(de, '#code-error', /Diesen Code haben wir nicht gefunden/);

  const es = await open(t, 'es-MX');
  await seeText(es, '#code-card h2', /Introduce tu código/);
  assert.deepEqual(await langOf(es), ['es', 'ltr']);
  const [code] = await mintCodes(shop, ytSubs);
  await es.locator('#code').fill(code);
  await es.locator('#code-submit').tap();
  await seeText(es, '#d-service', /Suscriptores/);
  // Numbers as the language writes them (Spanish groups from five digits on).
  assert.equal(await seeText(es, '#d-quantity', /\d/), new Intl.NumberFormat('es').format(1000));
  await seeText(es, '#link-hint', /Pega el enlace de tu canal de YouTube/);
  await screenshot(es, 'lang-es-details');
});

test('the switcher changes the language and remembers it; ?lang= picks one for a shop\'s link', async (t) => {
  const page = await open(t, 'en-US');
  await seeText(page, '#code-card h2', /Enter your code/);
  await page.locator('#lang').selectOption('tr');
  await seeText(page, '#code-card h2', /Kodunu gir/);
  assert.deepEqual(await langOf(page), ['tr', 'ltr']);
  await page.reload();
  await seeText(page, '#code-card h2', /Kodunu gir/);
  assert.equal(await page.locator('#lang').inputValue(), 'tr', 'remembered on this device');
  await page.goto(`${shop.base}/?lang=ru`);
  await seeText(page, '#code-card h2', /Введите код/);
  await page.goto(`${shop.base}/?lang=pt-br`);
  await seeText(page, '#code-card h2', /Digite seu código/);
});

test('in Arabic the page is right-to-left and laid out so', async (t) => {
  const [code] = await mintCodes(shop, ytSubs);
  const page = await open(t, 'ar', `/#code=${code}`);
  await seeText(page, '#details-card h2', /ما يمنحك إياه رمزك/);
  assert.deepEqual(await langOf(page), ['ar', 'rtl']);
  // The facts read from the right: the term is right of its value.
  const [dt, dd] = await Promise.all(['#details-card dt', '#d-platform'].map((s) => page.locator(s).first().boundingBox()));
  assert.ok(dt.x > dd.x, `the term (${dt.x}) is right of the value (${dd.x})`);
  const field = await page.locator('#link').boundingBox();
  const label = await page.locator('label[for=link]').boundingBox();
  assert.ok(label.x + label.width > field.x + field.width - 2, 'the label starts at the right edge');
  assert.equal(await page.locator('#link').evaluate((el) => getComputedStyle(el).direction), 'ltr', 'a link is typed left to right');
  assert.equal(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth), 0, 'nothing overflows');
  await screenshot(page, 'lang-ar-details');
});

test('the order page shows progress as the panel reports it, when it was placed, and lists the device\'s orders', async (t) => {
  const [code] = await mintCodes(shop, ytSubs);
  const page = await open(t, 'en-US');
  await page.locator('#code').fill(code);
  await page.locator('#code-submit').tap();
  await page.locator('#link').fill('https://www.youtube.com/@Progress');
  await page.locator('#redeem-submit').tap();
  await seeText(page, '#done-title', /Order placed/);
  const order = Number((await page.locator('#o-order').textContent()).slice(1));
  shop.panel.setOrderStatus(order, { status: 'In progress', start_count: 5210, remains: 300 });
  await page.locator('#track').tap();
  await seeText(page, '#t-status', /In progress/);
  const bar = await page.locator('#t-progress').evaluate((p) => [p.max, p.value]);
  assert.deepEqual(bar, [1000, 700], 'delivered = quantity - remains');
  await seeText(page, '#t-progress-text', /700 of 1,000 delivered/);
  await seeText(page, '#t-now', /^5,910$/);
  await seeText(page, '#t-placed', /\((now|\d+ seconds? ago)\)/);
  assert.equal(await page.locator('#t-live').isVisible(), true, 'it says it refreshes itself while running');
  assert.match(await page.locator('#t-status').getAttribute('class'), /st-in_progress/);
  await screenshot(page, 'lang-en-order');

  // Back on the first card: this device's orders, each one tap away.
  await page.locator('#order-other').tap();
  await seeText(page, '#mine-list', new RegExp(`Order #${order}`));
  await page.locator(`#mine-list button[data-code="${code}"]`).tap();
  await seeText(page, '#t-order', new RegExp(`#${order}`));
});

test('a comments code shows its box, counts the lines, and the panel receives the comments', async (t) => {
  const [code] = await mintCodes(shop, { service_id: 203, quantity: 5, platform: 'instagram', service_type: 'comments', order_input: 'comments' });
  const page = await open(t, 'en-US', `/#code=${code}`);
  await page.locator('#comments').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#usernames').isVisible(), false);
  await page.locator('#link').fill('https://www.instagram.com/p/C8x2kLmNq4R/');
  await page.locator('#comments').fill('First!\nSo good');
  await seeText(page, '#comments-count', /2 of 5 comments/);
  const adds = shop.panel.calls('add').length;
  await page.locator('#redeem-submit').tap();
  await seeText(page, '#link-error', /Enter exactly 5 comments, one per line \(you have 2\)/);
  assert.equal(shop.panel.calls('add').length, adds, 'nothing sent');
  await page.locator('#comments').fill('First!\nSo good\n\nTeach me 🙏\nWow\nLove it');
  await seeText(page, '#comments-count', /5 of 5 comments/);
  assert.equal(await page.locator('#link-error').textContent(), '', 'fixing the comments takes the error back');
  await screenshot(page, 'lang-en-comments');
  await page.locator('#redeem-submit').tap();
  await seeText(page, '#done-title', /Order placed/);
  const add = shop.panel.calls('add').at(-1).fields;
  // Custom Comments: the panel counts the comments; no quantity is sent.
  assert.deepEqual([add.service, add.quantity, add.comments], ['203', undefined, 'First!\nSo good\nTeach me 🙏\nWow\nLove it']);
});
