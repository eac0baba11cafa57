// The Telegram bot against a stand-in Bot API: the secret, exactly once per update, the same
// redemption as the page (one order per code, however many race), order, refill, admins, and
// replies in the buyer's language from the page's own words.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { startTelegram } from './support/fake-telegram.mjs';
import { mintCodes, ROOT, startShop } from './support/worker.mjs';

const TOKEN = '123456:test-bot-token';
const SECRET = 'test-telegram-secret';
const ADMIN = 999;
let shop;
let tg;
before(async () => {
  tg = await startTelegram({ token: TOKEN });
  shop = await startShop({
    vars: { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_URL: tg.url, TELEGRAM_ADMIN_IDS: `${ADMIN}` },
  });
});
after(async () => { await shop?.stop(); await tg?.close(); });

const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
let nextUpdate = 1000;
const post = (body, secret = SECRET) => shop.fetch('/telegram/webhook', {
  method: 'POST',
  headers: { 'content-type': 'application/json', ...(secret === null ? {} : { 'x-telegram-bot-api-secret-token': secret }) },
  body: JSON.stringify(body),
});
const message = (text, { user = 4242, lang = 'en', id = nextUpdate++, chat = user, type = 'private' } = {}) => ({
  update_id: id,
  message: { message_id: id, from: { id: user, first_name: `User${user}`, language_code: lang }, chat: { id: chat, type }, date: 1764936000, text },
});
const press = (data, { user = 4242, id = nextUpdate++ } = {}) => ({
  update_id: id,
  callback_query: { id: `cb${id}`, from: { id: user, first_name: `User${user}` }, message: { message_id: 77, chat: { id: user, type: 'private' } }, data },
});
/** Sends an update and waits for the bot's next sendMessage to that chat. */
async function say(text, opts = {}) {
  const before0 = tg.sent('sendMessage').length;
  const res = await post(message(text, opts));
  assert.equal(res.status, 200, await res.text());
  const [reply] = (await tg.waitFor('sendMessage', before0 + 1)).slice(before0);
  return reply.body;
}

test('a wrong or missing secret does nothing', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const adds = shop.panel.calls('add').length;
  for (const secret of ['wrong', null]) {
    const res = await post(message(`/redeem ${code} https://www.youtube.com/@Nope`), secret);
    assert.equal(res.status, 401);
    assert.equal((await res.json()).error.code, 'invalid_secret');
  }
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(shop.panel.calls('add').length, adds);
  assert.equal(tg.calls.length, 0);
});

test('/redeem places one order and tells the chat its number; the same update re-sent does nothing twice', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const update = message(`/redeem ${code} https://www.youtube.com/@TgBuyer`, { user: 5001 });
  const adds = shop.panel.calls('add').length;
  const first = await post(update);
  assert.equal(first.status, 200);
  const [reply] = (await tg.waitFor('sendMessage', tg.sent('sendMessage').length + 1)).slice(-1);
  const order = shop.panel.state.nextOrder - 1;
  assert.equal(reply.body.chat_id, 5001);
  assert.match(reply.body.text, new RegExp(`^Order #${order} placed: 1000 YouTube subscribers for https://www\\.youtube\\.com/@TgBuyer`));
  assert.equal(reply.body.reply_markup.inline_keyboard[0][0].callback_data, `o:${code}`);
  const sentBefore = tg.calls.length;
  const again = await post(update);
  assert.equal(again.status, 200);
  assert.equal((await again.json()).message, 'Already handled');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(shop.panel.calls('add').length, adds + 1, 'one order');
  assert.equal(tg.calls.length, sentBefore, 'nothing sent twice');
  const [row] = await shop.d1(`SELECT user_id, username FROM redemption_history WHERE code = '${code}'`);
  assert.deepEqual(row, { user_id: 'tg:5001', username: 'User5001' });
});

test('two users racing for one code get one order', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const adds = shop.panel.calls('add').length;
  const before0 = tg.sent('sendMessage').length;
  await Promise.all([
    post(message(`/redeem ${code} https://www.youtube.com/@RacerOne`, { user: 6001 })),
    post(message(`/redeem ${code} https://www.youtube.com/@RacerTwo`, { user: 6002 })),
  ]);
  const replies = (await tg.waitFor('sendMessage', before0 + 2)).slice(before0);
  assert.equal(shop.panel.calls('add').length, adds + 1);
  const placed = replies.filter((r) => /^Order #\d+ placed/.test(r.body.text));
  assert.equal(placed.length, 1, JSON.stringify(replies.map((r) => r.body.text)));
});

test('/redeem CODE asks for the link, and the next message places the order', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const ask = await say(`/redeem ${code}`, { user: 7001 });
  assert.match(ask.text, /Now send the link/);
  assert.match(ask.text, /YouTube channel/);
  const placed = await say('https://www.youtube.com/@LinkLater', { user: 7001 });
  assert.match(placed.text, /^Order #\d+ placed: 1000 YouTube subscribers for https:\/\/www\.youtube\.com\/@LinkLater/);
  // The conversation is over: a stray message is not taken as a link.
  assert.match((await say('hello', { user: 7001 })).text, /did not understand/);
});

test('a service that needs two inputs: the bot asks for each in turn, keeps the first, and places one order with both', async () => {
  const [code] = await mintCodes(shop, { service_id: 204, quantity: 100, platform: 'instagram', service_type: 'mentions' });
  const adds = shop.panel.calls('add').length;
  const first = await say(`/redeem ${code} https://www.instagram.com/p/C8x2kLmNq4R/`, { user: 7002 });
  assert.match(first.text, /Now send the usernames/);
  assert.match((await say('@alice\nbob', { user: 7002 })).text, /Now send the hashtags/);
  // A bad hashtag: refused in words, and the inputs are asked for again from the first.
  const bad = await say('two words', { user: 7002 });
  assert.doesNotMatch(bad.text, /^Order #/);
  assert.match((await say('alice', { user: 7002 })).text, /Now send the hashtags/);
  const placed = await say('#sale', { user: 7002 });
  assert.match(placed.text, /^Order #\d+ placed/);
  const added = shop.panel.calls('add').slice(adds);
  assert.equal(added.length, 1, 'one order');
  assert.deepEqual([added[0].fields.usernames, added[0].fields.hashtags], ['alice', '#sale']);
});

test('/order shows the order with a Refill button, and Refill works once', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  await say(`/redeem ${code} https://www.youtube.com/@Refilled`, { user: 8001 });
  const order = shop.panel.state.nextOrder - 1;
  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0 });
  const view = await say(`/order ${code}`, { user: 8001 });
  assert.match(view.text, new RegExp(`^Order #${order}: Completed\\.`));
  const buttons = view.reply_markup.inline_keyboard[0].map((b) => b.callback_data);
  assert.deepEqual(buttons, [`o:${code}`, `f:${code}`]);
  const answered = tg.sent('answerCallbackQuery').length;
  await post(press(`f:${code}`, { user: 8001 }));
  const [notice] = (await tg.waitFor('answerCallbackQuery', answered + 1)).slice(-1);
  assert.match(notice.body.text, new RegExp(`Refill requested for order #${order}`));
  await tg.waitFor('editMessageText', 1);
  await post(press(`f:${code}`, { user: 8001 }));
  const [second] = (await tg.waitFor('answerCallbackQuery', answered + 2)).slice(-1);
  assert.doesNotMatch(second.body.text ?? '', /Refill requested/);
  assert.equal(shop.panel.calls('refill').length, 1, 'one refill');
});

test("a buyer's /balance is refused; the shop's admin gets every panel's", async () => {
  assert.match((await say('/balance', { user: 4242 })).text, /Only the shop's admins/);
  assert.match((await say('/balance', { user: ADMIN })).text, /^Panel main: \d+\.\d+ USD$/);
  const minted = await say('/codes 2 youtube subscribers 1000 101', { user: ADMIN });
  assert.match(minted.text, /^2 codes created:\nSMM-/);
});

test('a buyer whose Telegram is in Spanish reads Spanish, from the page\'s words', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  const reply = await say(`/redeem ${code} https://www.youtube.com/@Hola`, { user: 9001, lang: 'es' });
  assert.match(reply.text, /^Pedido #\d+ realizado: 1000 YouTube suscriptores para https:\/\/www\.youtube\.com\/@Hola/);
  assert.equal((await say(`/redeem ${code} https://www.youtube.com/@Hola`, { user: 9001, lang: 'es' })).text, 'Este código ya se ha utilizado.');
  assert.match((await say('/start', { user: 9002, lang: 'pt-br' })).text, /^Olá|^Oi/);
});

test('npm run telegram:register sets the webhook with its secret and each language\'s commands; --dry-run sends nothing', async () => {
  const script = path.join(ROOT, 'scripts/telegram-register.mjs');
  const env = { ...process.env, TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_WEBHOOK_SECRET: SECRET, TELEGRAM_API_URL: tg.url };
  const before0 = tg.calls.length;
  // Run without blocking this process: the stand-in Bot API answers from it.
  const run = promisify(execFile);
  const { stdout: dry } = await run(process.execPath, [script, '--url', 'https://shop.example', '--dry-run'], { env });
  assert.equal(tg.calls.length, before0, 'a dry run sends nothing');
  assert.match(dry, /setWebhook/);
  assert.doesNotMatch(dry, new RegExp(TOKEN.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')), 'the token is never printed');
  await run(process.execPath, [script, '--url', 'https://shop.example'], { env });
  const made = tg.calls.slice(before0);
  assert.deepEqual(made[0], { method: 'setWebhook', body: { url: 'https://shop.example/telegram/webhook', secret_token: SECRET, allowed_updates: ['message', 'callback_query'], drop_pending_updates: false } });
  const lists = made.filter((c) => c.method === 'setMyCommands');
  assert.deepEqual(lists.map((c) => c.body.language_code ?? 'default'), ['default', 'es', 'pt', 'tr', 'ru', 'hi', 'id', 'ar', 'de']);
  assert.deepEqual(lists[0].body.commands.map((c) => c.command), ['start', 'redeem', 'order', 'myorders', 'services']);
  assert.ok(lists[1].body.commands.every((c) => c.description && c.description !== lists[0].body.commands.find((e) => e.command === c.command).description), 'Spanish descriptions');
});

test('a code redeemed from Telegram hears in its chat when the order completes, once', async () => {
  const [code] = await mintCodes(shop, ytSubs);
  await say(`/redeem ${code} https://www.youtube.com/@TgUpdates`, { user: 9301, lang: 'de' });
  const order = shop.panel.state.nextOrder - 1;
  shop.panel.setOrderStatus(order, { status: 'Completed', remains: 0 });
  const before0 = tg.sent('sendMessage').length;
  await shop.scheduled();
  await shop.scheduled();
  const [update] = (await tg.waitFor('sendMessage', before0 + 1)).slice(before0);
  assert.equal(update.body.chat_id, 9301);
  assert.match(update.body.text, new RegExp(`#${order}`));
  assert.match(update.body.text, /abgeschlossen/, 'in the buyer\'s language');
  await new Promise((r) => setTimeout(r, 500));
  assert.equal(tg.sent('sendMessage').filter((c) => c.body.chat_id === 9301).length, 2, 'the placing, then one update');
});
