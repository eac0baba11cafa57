// scripts/discord-register.mjs: what it would send, what it refuses to do without a token,
// and what Discord (the stand-in) receives. No worker needed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { verify, createPublicKey } from 'node:crypto';
import { startDiscordApi } from './support/fake-discord-api.mjs';
import { makeSigner, command, component, ping, PERMISSIONS } from './support/discord-sign.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SCRIPT = join(ROOT, 'scripts/discord-register.mjs');
const COMMANDS = JSON.parse(readFileSync(join(ROOT, 'discord/commands.json'), 'utf8'));
const APP = '1200000000000000002';
const TOKEN = 'test-bot-token.XYZ';

let api;
let tmp;
before(async () => {
  api = await startDiscordApi();
  tmp = mkdtempSync(join(tmpdir(), 'discord-register-'));
});
after(async () => {
  await api.close();
  rmSync(tmp, { recursive: true, force: true });
});

/** Runs the script with only the DISCORD_* variables given (none leak in from the shell). */
function run(args, env = {}) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DISCORD_')));
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT, ...args], {
      cwd: ROOT,
      env: { ...clean, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    const timer = setTimeout(() => child.kill(), 20_000);
    child.on('error', reject);
    child.on('close', (code) => { clearTimeout(timer); resolve({ code, stdout, stderr }); });
  });
}

test('a dry run names the request and every command with its options, and sends nothing', async () => {
  const before = api.requests.length;
  const r = await run(['--dry-run'], { DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: api.url });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`^PUT ${api.url}/applications/${APP}/commands$`, 'm'));
  for (const c of COMMANDS) {
    assert.match(r.stdout, new RegExp(`^  /${c.name}\\b`, 'm'), `/${c.name} is listed`);
    const leaves = (c.options ?? []).flatMap((o) => (o.type === 1 ? o.options ?? [] : [o]));
    for (const o of leaves) assert.ok(r.stdout.includes(` ${o.name}`), `/${c.name} ${o.name}`);
  }
  assert.match(r.stdout, /^  \/codes create count\* \(integer 1\.\.1000\)/m);
  assert.match(r.stdout, /would register 7 commands globally for application 1200000000000000002; nothing was sent/);
  assert.equal(api.requests.length, before, 'a dry run sends nothing');
});

test('a dry run for one server uses the guild endpoint, and the id can come from wrangler.toml', async () => {
  const toml = join(tmp, 'wrangler.toml');
  writeFileSync(toml, [
    'name = "x"',
    '[vars]',
    'SHOP_NAME = "Shop"',
    'DISCORD_APPLICATION_ID = "1200000000000000777" # the portal\'s Application ID',
    '[[ratelimits]]',
    'DISCORD_APPLICATION_ID = "999"',
  ].join('\n'));
  const r = await run(['--dry-run', '--guild', '1100000000000000003', '--config', toml]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^PUT https:\/\/discord\.com\/api\/v10\/applications\/1200000000000000777\/guilds\/1100000000000000003\/commands$/m);
  assert.match(r.stdout, /in server 1100000000000000003/);
});

test('without a token it refuses, naming DISCORD_BOT_TOKEN, and sends nothing', async () => {
  const before = api.requests.length;
  const r = await run([], { DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: api.url });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /DISCORD_BOT_TOKEN/);
  assert.equal(api.requests.length, before);
});

test('without an application id it refuses, naming DISCORD_APPLICATION_ID', async () => {
  const toml = join(tmp, 'no-app.toml');
  writeFileSync(toml, '[vars]\nSHOP_NAME = "Shop"\n');
  const r = await run(['--config', toml], { DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: api.url });
  assert.notEqual(r.code, 0);
  assert.match(r.stderr, /DISCORD_APPLICATION_ID/);
});

test('registration PUTs commands.json as it is, with the bot token', async () => {
  const r = await run([], { DISCORD_APPLICATION_ID: APP, DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: api.url });
  assert.equal(r.code, 0, r.stderr);
  const put = await api.waitFor((q) => q.method === 'PUT' && q.path === `/applications/${APP}/commands`);
  assert.deepEqual(put.body, COMMANDS);
  assert.equal(put.headers.authorization, `Bot ${TOKEN}`);
  assert.equal(put.headers['content-type'], 'application/json');
  assert.match(put.headers['user-agent'], /^DiscordBot \(/);
  for (const c of COMMANDS) assert.match(r.stdout, new RegExp(`^  /${c.name}  id \\d+$`, 'm'));
  assert.match(r.stdout, /^Registered 7 commands globally for application 1200000000000000002: redeem, order,/m);
  assert.ok(!r.stdout.includes(TOKEN) && !r.stderr.includes(TOKEN), 'the token is never printed');
});

test('a guild registration goes to the guild endpoint', async () => {
  const r = await run(['--guild=1100000000000000003'], {
    DISCORD_APPLICATION_ID: APP, DISCORD_BOT_TOKEN: TOKEN, DISCORD_API_URL: `${api.url}/`,
  });
  assert.equal(r.code, 0, r.stderr);
  const put = await api.waitFor((q) => q.path === `/applications/${APP}/guilds/1100000000000000003/commands`);
  assert.deepEqual(put.body, COMMANDS);
  assert.match(r.stdout, /in server 1100000000000000003/);
});

test("Discord's refusal is printed with its status and body, and the exit code is 1", async () => {
  api.respondNext(401, { message: '401: Unauthorized', code: 0 });
  const r = await run([], { DISCORD_APPLICATION_ID: APP, DISCORD_BOT_TOKEN: 'wrong', DISCORD_API_URL: api.url });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /HTTP 401/);
  assert.match(r.stderr, /401: Unauthorized/);
});

// The helpers other Discord tests build on: they must look like Discord to the worker.
test('the signer signs timestamp + body with the key it publishes as 32 raw bytes', () => {
  const signer = makeSigner();
  assert.match(signer.publicKeyHex, /^[0-9a-f]{64}$/);
  const body = JSON.stringify(ping());
  const headers = signer.headers(body, 1700000000);
  assert.match(headers['x-signature-ed25519'], /^[0-9a-f]{128}$/);
  const spki = Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(signer.publicKeyHex, 'hex')]);
  const key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  const sig = Buffer.from(headers['x-signature-ed25519'], 'hex');
  assert.ok(verify(null, Buffer.from(`1700000000${body}`), key, sig));
  assert.ok(!verify(null, Buffer.from(`1700000001${body}`), key, sig));
});

test('interaction builders have the v10 shapes', () => {
  const admin = command('codes', { create: { count: 5, service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers' } },
    { permissions: PERMISSIONS.administrator, userId: '42', username: 'owner' });
  assert.equal(admin.type, 2);
  assert.equal(admin.version, 1);
  assert.equal(admin.member.user.id, '42');
  assert.equal(admin.member.permissions, '8');
  assert.deepEqual(admin.data.options[0].options[0], { name: 'count', type: 4, value: 5 });
  assert.equal(admin.data.options[0].type, 1);
  const dm = command('myredemptions', {}, { guildId: null, userId: '7' });
  assert.equal(dm.user.id, '7');
  assert.equal(dm.member, undefined);
  assert.equal(dm.guild_id, undefined);
  assert.equal(dm.data.options, undefined);
  const press = component('refill:SMM-AB12');
  assert.equal(press.type, 3);
  assert.deepEqual(press.data, { custom_id: 'refill:SMM-AB12', component_type: 2 });
  assert.equal(ping().type, 1);
});

test('the stand-in answers follow-ups like Discord and remembers @original', async () => {
  const url = `${api.url}/webhooks/${APP}/tok123/messages/@original`;
  const res = await fetch(url, { method: 'PATCH', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'done', components: [] }) });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).content, 'done');
  assert.equal(api.original('tok123').content, 'done');
  const more = await fetch(`${api.url}/webhooks/${APP}/tok123`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ content: 'more', flags: 64 }) });
  assert.equal(more.status, 200);
  assert.equal((await more.json()).flags, 64);
  const seen = await api.waitFor((q) => q.method === 'POST' && q.path === `/webhooks/${APP}/tok123`, 1000);
  assert.equal(seen.body.content, 'more');
  await assert.rejects(api.waitFor((q) => q.method === 'DELETE', 50), /no matching request/);
});
