// A buyer on a phone uses the redemption page (/) in a real browser (Debian's chromium through
// playwright-core) against the real worker; the fake panel records what it was asked.
// Every assertion is on what the buyer sees: visible cards and the text in them.
// Screenshots go to tests/artifacts/ (git-ignored).
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import { launchBrowser, screenshot, seeText } from './support/browser.mjs';
import { mintCodes, startShop } from './support/worker.mjs';

const PHONE = { viewport: { width: 390, height: 780 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true, locale: 'en-US' };
const XSS = '<img src=x onerror=window.__xss=1>';
const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };

let shop;
let browser;
before(async () => {
  [shop, browser] = await Promise.all([
    startShop({ vars: { SHOP_NAME: 'Zoë’s Growth Shop', SUPPORT_CONTACT: 'help@growth.example' } }),
    launchBrowser(),
  ]);
});
after(async () => {
  await browser?.close();
  await shop?.stop();
});
beforeEach(() => shop.panel.reset());

/** A fresh phone-sized tab; script errors on the page fail the test that opened it. */
async function openPhone(t) {
  const context = await browser.newContext(PHONE);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  t.after(async () => {
    await context.close();
    assert.deepEqual(errors, [], 'the page threw no script errors');
  });
  return page;
}


/** Only the card of this step is on screen. */
async function onlyCardVisible(page, id) {
  await page.locator(`#${id}`).waitFor({ state: 'visible' });
  for (const card of ['code-card', 'details-card', 'done-card', 'order-card']) {
    assert.equal(await page.locator(`#${card}`).isVisible(), card === id, `#${card} visible`);
  }
}

test('a buyer on a phone types a code, sees what it buys, fixes a wrong link and gets an order number', async (t) => {
  const [code] = await mintCodes(shop, ytSubs);
  const page = await openPhone(t);
  await page.goto(shop.base + '/');
  await onlyCardVisible(page, 'code-card');
  await seeText(page, '#code-card h2', /Enter your code/);
  // The shop's own name (SHOP_NAME), and whom to ask (SUPPORT_CONTACT, a mail link here).
  await seeText(page, '#shop-name', /Zoë’s Growth Shop/);
  assert.equal(await page.title(), 'Zoë’s Growth Shop · Redeem your code');
  await seeText(page, '#support', /Need help\? help@growth\.example/);
  assert.equal(await page.locator('#support a').getAttribute('href'), 'mailto:help@growth.example');
  // The tab icon the shop can replace (assets/favicon.svg).
  const icon = await page.locator('link[rel=icon]').getAttribute('href');
  const served = await shop.fetch(icon);
  assert.deepEqual([icon, served.status, served.headers.get('content-type')], ['/favicon.svg', 200, 'image/svg+xml']);

  // Typed the way people type: lower case, spaces around the dashes.
  await page.locator('#code').pressSequentially(`  ${code.toLowerCase().replaceAll('-', ' - ')} `);
  await screenshot(page, 'buyer-1-code');
  await page.locator('#code-submit').tap();

  await onlyCardVisible(page, 'details-card');
  assert.equal(await seeText(page, '#d-platform', /\S/), 'YouTube');
  assert.equal(await seeText(page, '#d-service', /\S/), 'Subscribers');
  assert.equal(await seeText(page, '#d-quantity', /\S/), '1,000');
  assert.equal(await seeText(page, '#d-refill', /\S/), 'Included');
  await seeText(page, '#link-hint', /Paste the link to your YouTube channel, like https:\/\/www\.youtube\.com\/@channel/);
  assert.equal(new URL(page.url()).hash, `#code=${code}`, 'the address bar keeps the clean code');
  await screenshot(page, 'buyer-2-details');

  // A video link for a subscribers code: refused with a sentence the buyer can act on.
  await page.locator('#link').fill('https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  await page.locator('#redeem-submit').tap();
  const err = await seeText(page, '#link-error', /does not fit this code/);
  assert.match(err, /Paste the link to your YouTube channel/);
  await onlyCardVisible(page, 'details-card');
  assert.equal(shop.panel.calls('add').length, 0, 'no order for a wrong link');
  assert.equal(await page.locator('#redeem-submit').isEnabled(), true, 'the buyer can try again');
  await screenshot(page, 'buyer-3-wrong-link');

  // The channel link, pasted from the share sheet with its tracking tail: the live hint (the
  // server's own rule) shows the link the order will be for.
  await page.locator('#link').fill('https://youtube.com/@SomeChannel?si=tracking123');
  await seeText(page, '#link-hint', /would be for https:\/\/www\.youtube\.com\/@SomeChannel$/);
  await page.locator('#redeem-submit').tap();
  await onlyCardVisible(page, 'done-card');
  await seeText(page, '#done-title', /Order placed/);
  const adds = shop.panel.calls('add');
  assert.equal(adds.length, 1, 'exactly one panel order');
  assert.equal(adds[0].fields.link, 'https://www.youtube.com/@SomeChannel');
  assert.equal(adds[0].fields.service, '101');
  assert.equal(adds[0].fields.quantity, '1000');
  const [orderId] = [...shop.panel.state.orders].find(([, o]) => o.link === 'https://www.youtube.com/@SomeChannel');
  assert.equal(await seeText(page, '#o-order', /#\d+/), `#${orderId}`);
  assert.equal(await seeText(page, '#o-link', /\S/), 'https://www.youtube.com/@SomeChannel');
  assert.equal(await seeText(page, '#o-quantity', /\S/), '1,000');
  await seeText(page, '#done-notice', /Your order is in/);
  await screenshot(page, 'buyer-4-done');
});

test('opening the link from the delivery (/#code=…) goes straight to what the code buys', async (t) => {
  const [code] = await mintCodes(shop, { service_id: 201, quantity: 500, platform: 'instagram', service_type: 'followers', has_refill: false });
  const page = await openPhone(t);
  await page.goto(`${shop.base}/#code=${code}`);
  await onlyCardVisible(page, 'details-card');
  assert.equal(await seeText(page, '#d-platform', /\S/), 'Instagram');
  assert.equal(await seeText(page, '#d-service', /\S/), 'Followers');
  assert.equal(await seeText(page, '#d-quantity', /\S/), '500');
  assert.equal(await seeText(page, '#d-refill', /\S/), 'Not included');
  assert.equal(await page.locator('#link').evaluate((el) => el === document.activeElement), true, 'the link field has focus');

  // "Use another code" goes back to an empty code field.
  await page.locator('#other-code').tap();
  await onlyCardVisible(page, 'code-card');
  assert.equal(await page.locator('#code').inputValue(), '');
});

test('a script typed as a code or a link is shown as text and never runs', async (t) => {
  const [code] = await mintCodes(shop, ytSubs);
  const page = await openPhone(t);
  const notExecuted = async (where) => {
    await page.waitForTimeout(300); // a broken img would fire onerror by now
    assert.equal(await page.evaluate(() => window.__xss), undefined, `${where}: the payload did not run`);
    assert.equal(await page.locator('img').count(), 0, `${where}: no <img> element was made`);
  };

  // As a code, through the fragment of a crafted link.
  await page.goto(`${shop.base}/#code=${encodeURIComponent(XSS)}`);
  await seeText(page, '#code-error', /only letters, digits and dashes/);
  await onlyCardVisible(page, 'code-card');
  assert.equal(await page.locator('#code').inputValue(), XSS, 'the field holds the literal text');
  await notExecuted('code from the address');

  // As a code, typed.
  await page.locator('#code').fill(XSS);
  await page.locator('#code-submit').tap();
  await seeText(page, '#code-error', /only letters, digits and dashes/);
  await notExecuted('typed code');

  // As a link: the real worker refuses it in plain words.
  await page.locator('#code').fill(code);
  await page.locator('#code-submit').tap();
  await onlyCardVisible(page, 'details-card');
  await page.locator('#link').fill(XSS);
  await seeText(page, '#link-hint', /does not fit this code/);
  await page.locator('#redeem-submit').tap();
  await seeText(page, '#link-error', /does not fit this code/);
  await notExecuted('link');
  assert.equal(shop.panel.calls('add').length, 0);

  // Should a server message ever echo what was typed (the page shows the server's words
  // only for an error code it has no words for), it is still text. The worker never echoes
  // input today, so the answer is stood in for: this checks the page's rendering.
  await page.route('**/api/redeem', (route) => route.fulfill({
    status: 422,
    contentType: 'application/json',
    body: JSON.stringify({ success: false, message: `Not a link: ${XSS}`, error: { code: 'a_code_from_the_future', message: `Not a link: ${XSS}` } }),
  }));
  await page.locator('#redeem-submit').tap();
  const echoed = await seeText(page, '#link-error', /Not a link/);
  assert.ok(echoed.includes('<img'), `the literal <img is shown: ${echoed}`);
  assert.equal(echoed, `Not a link: ${XSS}`);
  await notExecuted('echoed error');

  await page.unroute('**/api/redeem');
  await page.route('**/api/redeem', (route) => route.fulfill({
    status: 200,
    contentType: 'application/json',
    body: JSON.stringify({ success: true, message: 'ok', data: { code, order_id: 1, link: XSS, quantity: 1000 } }),
  }));
  await page.locator('#redeem-submit').tap();
  await onlyCardVisible(page, 'done-card');
  assert.equal(await seeText(page, '#o-link', /<img/), XSS);
  await notExecuted('echoed link');
  assert.equal(shop.panel.calls('add').length, 0);
});

test('a buyer who enters a used code sees their order, and asks for a refill once it completed', async (t) => {
  const [code] = await mintCodes(shop, ytSubs);
  const used = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@First' });
  assert.equal(used.status, 200, JSON.stringify(used.body));
  const order = used.body.data.order_id;
  shop.panel.setOrderStatus(order, { status: 'In progress', start_count: 5210, remains: 300 });
  shop.panel.reset();

  const page = await openPhone(t);
  await page.goto(shop.base + '/');
  await page.locator('#code').fill(code.toLowerCase());
  await page.locator('#code-submit').tap();
  await onlyCardVisible(page, 'order-card');
  assert.equal(await seeText(page, '#t-order', /#\d+/), `#${order}`);
  assert.equal(await seeText(page, '#t-status', /In progress/), 'In progress');
  assert.equal(await seeText(page, '#t-start', /5,210/), '5,210');
  assert.equal(await page.locator('#t-start').evaluate((dd) => dd.previousElementSibling.textContent), 'Start count');
  assert.equal(await seeText(page, '#t-link', /@First/), 'https://www.youtube.com/@First');
  // Not allowed yet: the button is off and the reason is said once, calmly (not in red).
  await seeText(page, '#refill-info', /once the order is completed; it is In progress now/);
  assert.equal(await page.locator('#refill').isDisabled(), true, 'no refill button before the order completes');
  assert.equal(await page.locator('#refill-error').textContent(), '');
  assert.equal(shop.panel.calls('refill').length, 0, 'no refill before the order completes');
  assert.match(page.url(), new RegExp(`#code=${code}$`), 'the order page can be bookmarked; the code stays in the fragment');
  await screenshot(page, 'buyer-5-order');

  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0 });
  // A bookmarked order page, opened later: past the 60 s status cache (its D1 row is gone).
  await shop.d1("DELETE FROM cache_entries WHERE key LIKE 'order-status/%'");
  await page.goto('about:blank');
  await page.goto(`${shop.base}/#code=${code}`);
  await onlyCardVisible(page, 'order-card');
  await seeText(page, '#t-status', /Completed/);
  await page.locator('#refill').tap();
  await seeText(page, '#refill-info', /Refill #\d+ requested/);
  assert.equal(shop.panel.calls('refill').length, 1);
  assert.equal(await page.locator('#refill').isDisabled(), true, 'one refill at a time');
  await screenshot(page, 'buyer-6-refill');
  assert.equal(shop.panel.calls('add').length, 0, 'no second order');
});

test('a Mentions with Hashtags code shows exactly its two boxes; a subscription says what it is and asks only for the profile', async (t) => {
  const [code] = await mintCodes(shop, { service_id: 204, quantity: 100, platform: 'instagram', service_type: 'mentions' });
  const page = await openPhone(t);
  await page.goto(`${shop.base}/#code=${code}`);
  await onlyCardVisible(page, 'details-card');
  const shown = async () => {
    const out = [];
    for (const box of ['comments', 'usernames', 'answer', 'hashtags', 'hashtag', 'username', 'media', 'groups', 'keywords']) {
      if (await page.locator(`#${box}-box`).isVisible()) out.push(box);
    }
    return out;
  };
  assert.deepEqual(await shown(), ['usernames', 'hashtags']);
  await page.locator('#link').fill('https://www.instagram.com/p/C8x2kLmNq4R/');
  await page.locator('#usernames').fill('@alice\nbob');
  await page.locator('#redeem-submit').tap();
  await seeText(page, '#link-error', /Fill in: Hashtags, one per line/);
  assert.equal(shop.panel.calls('add').length, 0, 'nothing ordered');
  await page.locator('#hashtags').fill('#sale\nnew_in');
  await screenshot(page, 'buyer-types-1-mentions-hashtags');
  await page.locator('#redeem-submit').tap();
  await onlyCardVisible(page, 'done-card');
  const [add] = shop.panel.calls('add');
  assert.deepEqual([add.fields.usernames, add.fields.hashtags], ['alice\nbob', '#sale\nnew_in']);

  const minted = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 205, quantity: 100, platform: 'instagram', service_type: 'likes', subscription: { posts: 10 } });
  const [sub] = minted.body.data.codes;
  await page.goto(`${shop.base}/#code=${sub}`);
  await page.reload();
  await onlyCardVisible(page, 'details-card');
  assert.deepEqual(await shown(), []);
  await seeText(page, '#d-drip', /each new post on the profile you link gets this automatically/);
  await seeText(page, '#link-hint', /Instagram profile/);
  await screenshot(page, 'buyer-types-2-subscription');
});
