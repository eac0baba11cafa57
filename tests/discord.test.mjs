// Discord's HTTP interactions, served by the same worker: signed by Discord (Ed25519, checked
// with Web Crypto), answered within 3 s with a deferred message, and completed by a follow-up
// to a stand-in Discord API on loopback. Every command runs the web page's own commands.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { APPLICATION_ID, GUILD_ID, PERMISSIONS, command, component, makeSigner, modalSubmit, ping } from './support/discord-sign.mjs';
import { startDiscordApi } from './support/fake-discord-api.mjs';
import { assertErrorShape, mintCodes, ROOT, startShop } from './support/worker.mjs';

const WORDS = JSON.parse(readFileSync(path.join(ROOT, 'assets/i18n.json'), 'utf8')).words;

const signer = makeSigner();
let shop;
let api;
before(async () => {
  api = await startDiscordApi();
  shop = await startShop({ vars: { DISCORD_PUBLIC_KEY: signer.publicKeyHex, DISCORD_API_URL: api.url, DISCORD_APPLICATION_ID: APPLICATION_ID, DISCORD_GUILD_ID: GUILD_ID } });
});
after(async () => { await shop?.stop(); await api?.close(); });

const igFollowers = { service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers', has_refill: true };
const ALICE = { userId: '900000000000000011', username: 'alice' };
const BOB = { userId: '900000000000000022', username: 'bob' };
const ADMIN = { userId: '900000000000000033', username: 'owner', permissions: PERMISSIONS.manageGuild };

/** Sends an interaction as Discord would (signed unless `headers` says otherwise). */
async function interact(interaction, headers) {
  const body = JSON.stringify(interaction);
  const res = await shop.fetch('/discord/interactions', { method: 'POST', headers: headers ?? signer.headers(body), body });
  const text = await res.text();
  let json = null;
  try { json = JSON.parse(text); } catch { /* left null */ }
  return { status: res.status, type: res.headers.get('content-type'), json, text };
}
/** The message the deferred answer became: the follow-up PATCH to @original. */
async function followUp(interaction) {
  const req = await api.waitFor((r) => r.method === 'PATCH' && r.path === `/webhooks/${APPLICATION_ID}/${interaction.token}/messages/@original`);
  return req.body;
}
/** A command that must be deferred, and the message it finally shows. */
async function run(name, options, who) {
  const interaction = command(name, options, who);
  const res = await interact(interaction);
  assert.equal(res.status, 200, res.text);
  assert.deepEqual(res.json, { type: 5, data: { flags: 64 } }, 'deferred, ephemeral');
  return { interaction, message: await followUp(interaction) };
}
const buttons = (message) => (message.components ?? []).flatMap((row) => row.components ?? []);

test('a signed PING is answered with a PONG; unsigned, mis-signed and stale requests are refused with nothing done', async () => {
  const pong = await interact(ping());
  assert.equal(pong.status, 200, pong.text);
  assert.deepEqual(pong.json, { type: 1 });
  assert.match(pong.type, /^application\/json/);

  const [code] = await mintCodes(shop, igFollowers);
  const redeem = command('redeem', { code, link: 'instagram.com/forged.buyer' }, ALICE);
  const body = JSON.stringify(redeem);
  const adds = shop.panel.calls('add').length;
  const refused = [
    await interact(redeem, { 'content-type': 'application/json' }),
    await interact(redeem, signer.headers(JSON.stringify({ ...redeem, token: 'other' }))),
    await interact(redeem, { ...signer.headers(body), 'x-signature-ed25519': makeSigner().sign(Math.floor(Date.now() / 1000), body) }),
    await interact(redeem, signer.headers(body, Math.floor(Date.now() / 1000) - 3600)),
    await interact(redeem, { ...signer.headers(body), 'x-signature-ed25519': 'zz' }),
  ];
  for (const r of refused) {
    assert.equal(r.status, 401, r.text);
    assert.equal(r.json.error.code, 'invalid_signature');
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(shop.panel.calls('add').length, adds, 'no order');
  assert.equal(api.requests.length, 0, 'no follow-up');
  const [row] = await shop.d1(`SELECT status FROM codes WHERE code = '${code}'`);
  assert.equal(row.status, 'unused');
});

test('/redeem places exactly one order and the follow-up names it; the same code again, from anyone, places nothing', async () => {
  const [code] = await mintCodes(shop, igFollowers);
  const adds = shop.panel.calls('add').length;
  const { message } = await run('redeem', { code, link: 'instagram.com/alice.buyer' }, ALICE);
  const calls = shop.panel.calls('add').slice(adds);
  assert.equal(calls.length, 1);
  const order = (await shop.d1(`SELECT order_id FROM codes WHERE code = '${code}'`))[0].order_id;
  // The catalogue's sentence, as Telegram and the e-mails say it (one copy of each sentence).
  const placed = WORDS.en['bot.placed'].replace('{order}', order).replace('{quantity}', '100')
    .replace('{what}', 'Instagram followers').replace('{link}', 'https://www.instagram.com/alice.buyer');
  assert.equal(message.content, placed);
  assert.deepEqual(message.allowed_mentions, { parse: [] });
  const [history] = await shop.d1(`SELECT user_id, username, link FROM redemption_history WHERE code = '${code}'`);
  assert.deepEqual(history, { user_id: ALICE.userId, username: 'alice', link: 'https://www.instagram.com/alice.buyer' });

  // The page's words for the same refusal (one catalogue), in each member's Discord language,
  // and no second order.
  const web = await shop.post('/api/validate-code', { code });
  for (const [who, lang] of [[ALICE, 'en'], [{ ...BOB, locale: 'es-ES' }, 'es']]) {
    const again = await run('redeem', { code, link: 'instagram.com/alice.buyer' }, who);
    assert.equal(again.message.content, `❌ ${WORDS[lang][`error.${web.body.error.code}`]}`);
  }
  assert.equal(shop.panel.calls('add').length - adds, 1, 'one order in all');

  const mine = await run('myredemptions', {}, ALICE);
  assert.match(mine.message.content, new RegExp(code));
  assert.match(mine.message.content, new RegExp(String(order)));
  const bobs = await run('myredemptions', {}, BOB);
  assert.doesNotMatch(bobs.message.content, new RegExp(code), 'only your own');
  // The lists speak the member's language too, in the Telegram bot's words.
  const bobsEs = await run('myredemptions', {}, { ...BOB, locale: 'es-ES' });
  assert.equal(bobsEs.message.content, WORDS.es['bot.myorders_none']);
});

test('/redeem of a code whose service needs more than the link answers with a form asking exactly that; its submission places one order', async () => {
  const [code] = await mintCodes(shop, { service_id: 204, quantity: 100, platform: 'instagram', service_type: 'mentions' });
  const link = 'https://www.instagram.com/p/C8x2kLmNq4R/';
  const res = await interact(command('redeem', { code, link }, ALICE));
  assert.equal(res.status, 200, res.text);
  assert.equal(res.json.type, 9, 'a modal, at once');
  assert.equal(res.json.data.custom_id, `redeem:${code}`);
  const inputs = res.json.data.components.map((row) => row.components[0]);
  assert.deepEqual(inputs.map((i) => i.custom_id), ['link', 'usernames', 'hashtags']);
  assert.equal(inputs[0].value, link, 'the link already filled in');
  assert.deepEqual(inputs.map((i) => i.style), [1, 2, 2]);
  const adds = shop.panel.calls('add').length;

  const submit = modalSubmit(`redeem:${code}`, { link, usernames: 'alice\nbob', hashtags: '#sale' }, ALICE);
  const deferred = await interact(submit);
  assert.deepEqual(deferred.json, { type: 5, data: { flags: 64 } });
  const message = await followUp(submit);
  assert.match(JSON.stringify(message), /placed|#\d+/i);
  const added = shop.panel.calls('add').slice(adds);
  assert.equal(added.length, 1);
  assert.deepEqual([added[0].fields.usernames, added[0].fields.hashtags], ['alice\nbob', '#sale']);
  // A code that needs only the link is deferred as before (no form).
  const [plain] = await mintCodes(shop, igFollowers);
  const { message: done } = await run('redeem', { code: plain, link: 'https://www.instagram.com/plain.buyer' }, BOB);
  assert.match(JSON.stringify(done), /#\d+/);
});

test('/order shows the status, and its Refill button works once', async () => {
  const [code] = await mintCodes(shop, igFollowers);
  assert.equal((await shop.post('/api/redeem', { code, link: 'https://www.instagram.com/refill.buyer' })).status, 200);
  const order = (await shop.d1(`SELECT order_id FROM codes WHERE code = '${code}'`))[0].order_id;
  shop.panel.setOrderStatus(order, { status: 'In progress', start_count: 1200, remains: 40 });
  let shown = await run('order', { code }, BOB);
  assert.match(shown.message.content, /In progress/);
  assert.match(shown.message.content, /Delivered 60 of 100/, 'delivered = quantity - remains');
  // A Spanish member reads the same page in Spanish, buttons too.
  const es = await run('order', { code }, { ...BOB, locale: 'es-ES' });
  assert.match(es.message.content, new RegExp(WORDS.es['status.in_progress']));
  assert.equal(buttons(es.message)[0].label, WORDS.es['bot.refresh_button']);
  assert.ok(!buttons(shown.message).some((b) => b.custom_id === `refill:${code}`), 'no refill while it runs');

  shop.panel.setOrderStatus(order, { status: 'Completed', start_count: 1200, remains: 0 });
  await shop.d1(`DELETE FROM cache_entries WHERE key LIKE 'order-status/%'`);
  shown = await run('order', { code }, BOB);
  assert.match(shown.message.content, /Completed/);
  const refill = buttons(shown.message).find((b) => b.custom_id === `refill:${code}`);
  assert.ok(refill, JSON.stringify(shown.message.components));

  const press = component(refill.custom_id, BOB);
  const res = await interact(press);
  assert.deepEqual(res.json, { type: 5, data: { flags: 64 } });
  assert.match((await followUp(press)).content, /Refill requested/);
  const again = component(refill.custom_id, BOB);
  await interact(again);
  assert.match((await followUp(again)).content, /^❌ /);
  assert.equal(shop.panel.calls('refill').length, 1, 'one refill');
});

test('admin commands: refused to members, run for Manage Server; /balance, /codes create, /review, /services', async () => {
  const refused = await interact(command('balance', {}, BOB));
  assert.equal(refused.status, 200);
  assert.equal(refused.json.type, 4);
  assert.equal(refused.json.data.flags, 64);
  assert.match(refused.json.data.content, /for the shop's admins/);
  const inDm = await interact(command('balance', {}, { ...ADMIN, guildId: null }));
  assert.match(inDm.json.data.content, /for the shop's admins/, 'never in a DM');
  // Anyone can add the app to a server of their own and be its Administrator there: admin
  // commands work only in the shop's own server (DISCORD_GUILD_ID).
  const elsewhere = await interact(command('codes', { create: { count: 5, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers' } }, { ...ADMIN, permissions: PERMISSIONS.administrator, guildId: '1100000000000000999' }));
  assert.equal(elsewhere.json.type, 4);
  assert.match(elsewhere.json.data.content, /only in the shop's own Discord server/);

  const { message } = await run('balance', {}, ADMIN);
  const balance = (await shop.admin.get('/api/admin/balance')).body.data;
  assert.ok(message.content.includes(`${balance.balance} ${balance.currency}`), message.content);

  const before = (await shop.d1('SELECT count(*) AS n FROM codes'))[0].n;
  const created = await run('codes', { create: { count: 3, service_id: 201, quantity: 100, platform: 'instagram', service_type: 'followers' } }, ADMIN);
  const codes = [...created.message.content.matchAll(/SMM(?:-[A-Z0-9]{4}){4}/g)].map((m) => m[0]);
  assert.equal(codes.length, 3, created.message.content);
  assert.equal((await shop.d1('SELECT count(*) AS n FROM codes'))[0].n, before + 3);
  const [audit] = await shop.d1("SELECT actor FROM audit_log WHERE action = 'codes.create' ORDER BY id DESC LIMIT 1");
  assert.equal(audit.actor, `discord:${ADMIN.userId}`);
  const low = await run('codes', { create: { count: 1, service_id: 201, quantity: 5, platform: 'instagram', service_type: 'followers' } }, ADMIN);
  assert.match(low.message.content, /between 50 and 50000/, 'the API\'s own refusal');

  const review = await run('review', {}, ADMIN);
  assert.match(review.message.content, /review/i);

  const services = await run('services', { query: 'youtube' }, BOB);
  assert.match(services.message.content, /YouTube Subscribers/);
  assert.doesNotMatch(services.message.content, /Instagram/);
  assert.doesNotMatch(services.message.content, /2\.40/, 'never the wholesale rate');
});

test('bad interactions get a clear answer or 400, never a 500; a follow-up Discord is not ready for is retried', async () => {
  const unknown = await interact(command('teleport', {}, BOB));
  assert.equal(unknown.status, 200);
  assert.equal(unknown.json.type, 4);
  assert.match(unknown.json.data.content, /teleport/);
  const missing = await interact(command('redeem', { code: 'SMM-AAAA' }, BOB));
  assert.equal(missing.json.type, 4);
  assert.match(missing.json.data.content, /link/);
  const wrongType = await interact(command('redeem', [{ name: 'code', type: 4, value: 7 }, { name: 'link', type: 3, value: 'x' }], BOB));
  assert.equal(wrongType.json.type, 4);
  const notOne = JSON.stringify({ hello: 'world' });
  const res = await interact(JSON.parse(notOne), signer.headers(notOne));
  assertErrorShape(assert, { status: res.status, body: res.json }, 400, 'invalid_payload');

  // Discord answers 404 while our deferred answer has not reached it: the follow-up tries again.
  api.respondNext(404, { message: 'Unknown Webhook', code: 10015 });
  const interaction = command('myredemptions', {}, BOB);
  await interact(interaction);
  await api.waitFor((r) => r.method === 'PATCH' && r.path.includes(interaction.token) && r !== api.requests.find((x) => x.path.includes(interaction.token)), 8000);
  assert.ok(api.original(interaction.token)?.content, 'the second try landed');
});

test('without DISCORD_PUBLIC_KEY the endpoint says it is not configured', async () => {
  const bare = await startShop();
  try {
    const body = JSON.stringify(ping());
    const res = await bare.fetch('/discord/interactions', { method: 'POST', headers: signer.headers(body), body });
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, 'not_configured');
  } finally {
    await bare.stop();
  }
});
