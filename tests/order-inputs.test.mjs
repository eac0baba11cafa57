// Services that need more than a link: custom comments (one per line, as many as the code's
// quantity), usernames (handles of the platform) and a shop-fixed drip-feed. Everything the
// buyer sends is checked before the code is reserved, and reaches the panel's `add` as is.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { assertErrorShape, mintCodes, startShop } from './support/worker.mjs';

let shop;
before(async () => { shop = await startShop(); });
after(async () => { await shop?.stop(); });

const comments5 = { service_id: 203, quantity: 5, platform: 'instagram', service_type: 'comments', order_input: 'comments' };
const untouched = async (code) => {
  const [row] = await shop.d1(`SELECT status, reserved_at, pending_link, order_id FROM codes WHERE code = '${code}'`);
  assert.deepEqual(row, { status: 'unused', reserved_at: null, pending_link: null, order_id: null }, 'nothing reserved');
};

test('validate-code says which input a code needs, and the hint as keys a page can translate', async () => {
  const [code] = await mintCodes(shop, comments5);
  const res = await shop.post('/api/validate-code', { code });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const d = res.body.data;
  assert.deepEqual([d.order_input, d.quantity, d.drip_feed], ['comments', 5, null]);
  assert.deepEqual([d.order.api_type, d.order.inputs], ['custom_comments', ['comments']], 'the catalogue\'s type');
  assert.deepEqual([d.link_pages, d.link_example], [['post'], 'https://www.instagram.com/p/C8x2kLmNq4R']);
});

test('a wrong comment count, a missing or unasked input is refused with nothing reserved or ordered', async () => {
  const [code] = await mintCodes(shop, comments5);
  const adds = shop.panel.calls('add').length;
  const link = 'https://www.instagram.com/p/C8x2kLmNq4R/';
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link }), 422, 'order_input_required');
  const four = await shop.post('/api/redeem', { code, link, comments: 'one\ntwo\nthree\nfour' });
  assertErrorShape(assert, four, 422, 'invalid_order_input');
  assert.match(four.body.message, /buys 5 comments.*entered 4/);
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link, comments: 'a\nb\nc\nd\ne', answer_number: 2 }), 422, 'invalid_order_input');
  await untouched(code);
  assert.equal(shop.panel.calls('add').length, adds, 'no order');

  // Five comments (blank lines and spaces forgiven): one add, carrying them.
  const ok = await shop.post('/api/redeem', { code, link, comments: ' Great post!\n\nLove this 🔥\r\nSo true\nWow\nAmazing ' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const [add] = shop.panel.calls('add').slice(adds);
  // A Custom Comments add carries the comments, not a quantity (the panel counts them).
  assert.deepEqual([add.fields.service, add.fields.quantity, add.fields.comments], ['203', undefined, 'Great post!\nLove this 🔥\nSo true\nWow\nAmazing']);
});

test('usernames must be handles of the platform; a drip-feed reaches the panel as runs and interval', async () => {
  // A type the owner names must be the catalogue's: 202 is a Default service.
  const wrong = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 202, quantity: 100, platform: 'instagram', service_type: 'likes', order_input: 'usernames' });
  assertErrorShape(assert, wrong, 400, 'order_input_mismatch');
  assert.match(wrong.body.message, /"Default" service/);
  const [code] = await mintCodes(shop, { service_id: 207, quantity: 100, platform: 'instagram', service_type: 'mentions', order_input: 'usernames', confirm_mismatch: true });
  const adds = shop.panel.calls('add').length;
  const link = 'https://www.instagram.com/p/C8x2kLmNq4R/';
  const bad = await shop.post('/api/redeem', { code, link, usernames: ['@good.one', 'not a handle'] });
  assertErrorShape(assert, bad, 422, 'invalid_order_input');
  assert.match(bad.body.message, /"not a handle" is not a Instagram username/);
  await untouched(code);
  assert.equal(shop.panel.calls('add').length, adds);
  assert.equal((await shop.post('/api/redeem', { code, link, usernames: '@good.one\nfriend_2' })).status, 200);
  assert.equal(shop.panel.calls('add').at(-1).fields.usernames, 'good.one\nfriend_2');

  const minted = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers', drip_feed: { runs: 5, interval: 30 } });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  assert.deepEqual(minted.body.data.drip_feed, { runs: 5, interval: 30 });
  assert.equal(minted.body.data.unit_cost, '0.60', 'every run costs');
  const [drip] = minted.body.data.codes;
  assert.equal((await shop.post('/api/redeem', { code: drip, link: 'instagram.com/drip.buyer' })).status, 200);
  const add = shop.panel.calls('add').at(-1).fields;
  assert.deepEqual([add.quantity, add.runs, add.interval], ['100', '5', '30']);
  assertErrorShape(assert, await shop.admin.post('/api/admin/codes', { count: 1, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers', drip_feed: { runs: 1, interval: 30 } }), 422, 'invalid_template');
});

test('a product ordered at checkout cannot ask for comments: it is sold as codes instead', async () => {
  const res = await shop.admin.post('/api/admin/products', { product_id: 9301, service_id: 203, quantity: 5, platform: 'instagram', service_type: 'comments', order_input: 'comments', fulfilment: 'order', link_field: 'Post' });
  assertErrorShape(assert, res, 422, 'invalid_template');
  const codes = await shop.admin.post('/api/admin/products', { product_id: 9301, service_id: 203, quantity: 5, platform: 'instagram', service_type: 'comments', order_input: 'comments' });
  assert.equal(codes.status, 201, JSON.stringify(codes.body));
  assert.equal(codes.body.data.product.order_input, 'custom_comments', 'stored as the catalogue\'s type');
});

test('each API v2 type asks for exactly its inputs, read from the catalogue, and add carries exactly its fields', async () => {
  const link = 'https://www.instagram.com/p/C8x2kLmNq4R/';
  // Mentions with Hashtags: usernames and hashtags, with link and quantity.
  const [both] = await mintCodes(shop, { service_id: 204, quantity: 100, platform: 'instagram', service_type: 'mentions' });
  const v = (await shop.post('/api/validate-code', { code: both })).body.data;
  assert.deepEqual([v.order.api_type, v.order.inputs], ['mentions_with_hashtags', ['usernames', 'hashtags']]);
  const adds = shop.panel.calls('add').length;
  const half = await shop.post('/api/redeem', { code: both, link, usernames: 'alice' });
  assertErrorShape(assert, half, 422, 'order_input_required');
  assert.match(half.body.message, /hashtags/);
  await untouched(both);
  const ok = await shop.post('/api/redeem', { code: both, link, usernames: '@alice\nbob', hashtags: '#sale\nnew_in' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const add = shop.panel.calls('add').at(-1).fields;
  assert.deepEqual(
    Object.keys(add).filter((k) => !['key', 'action'].includes(k)),
    ['service', 'link', 'quantity', 'usernames', 'hashtags'],
  );
  assert.deepEqual([add.usernames, add.hashtags], ['alice\nbob', '#sale\nnew_in']);
  assert.equal(shop.panel.calls('add').length, adds + 1);

  // Package: the link only, no quantity.
  const [pkg] = await mintCodes(shop, { service_id: 206, quantity: 1, platform: 'instagram', service_type: 'likes' });
  assert.equal((await shop.post('/api/redeem', { code: pkg, link })).status, 200);
  const pAdd = shop.panel.calls('add').at(-1).fields;
  assert.deepEqual([pAdd.service, pAdd.link, pAdd.quantity], ['206', 'https://www.instagram.com/p/C8x2kLmNq4R', undefined]);
});

test('a subscription asks for the profile, sends its username with the settings the owner fixed, and never a link or quantity', async () => {
  const minted = await shop.admin.post('/api/admin/codes', {
    count: 1, service_id: 205, quantity: 100, platform: 'instagram', service_type: 'likes',
    subscription: { posts: 10, delay: 30, expiry_days: 30 },
  });
  assert.equal(minted.status, 201, JSON.stringify(minted.body));
  assert.deepEqual(minted.body.data.order.subscription, { posts: 10, delay: 30, expiry_days: 30 });
  const [code] = minted.body.data.codes;
  const v = (await shop.post('/api/validate-code', { code })).body.data;
  assert.deepEqual([v.order.api_type, v.order.inputs, v.link_pages], ['subscriptions', [], ['profile']]);
  // A post is not a profile: refused before anything is reserved.
  assertErrorShape(assert, await shop.post('/api/redeem', { code, link: 'https://www.instagram.com/p/C8x2kLmNq4R/' }), 422, 'invalid_link');
  await untouched(code);
  const ok = await shop.post('/api/redeem', { code, link: 'https://www.instagram.com/auto.liked/' });
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  const add = shop.panel.calls('add').at(-1).fields;
  assert.deepEqual([add.username, add.min, add.max, add.posts, add.delay], ['auto.liked', '100', '100', '10', '30']);
  assert.match(add.expiry, /^\d\d\/\d\d\/\d{4}$/, 'd/m/Y');
  assert.deepEqual([add.link, add.quantity], [undefined, undefined]);
  // Settings for a subscription on a service that is none: refused when minting.
  const wrong = await shop.admin.post('/api/admin/codes', { count: 1, service_id: 202, quantity: 100, platform: 'instagram', service_type: 'likes', subscription: { posts: 5 } });
  assertErrorShape(assert, wrong, 400, 'order_input_mismatch');
});
