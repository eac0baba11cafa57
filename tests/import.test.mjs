// Moving in from the Flask app: its SQLite file, imported, redeemable, and its clients' routes.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { assertErrorShape, ROOT, SECRETS, startShop } from './support/worker.mjs';

const run = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'redeem-edge-import-'));
const flaskDb = path.join(work, 'redeem_codes.db');
const persistTo = path.join(work, 'd1');
let shop;
let firstImport;

function importer(args, env = {}) {
  return run(process.execPath, ['--disable-warning=ExperimentalWarning', path.join(ROOT, 'scripts/import.mjs'), ...args], {
    cwd: ROOT, env: { ...process.env, ...env },
  });
}

/** The Flask app's schema, with the kind of rows a shop that ran it for a while has. */
function writeFlaskDb(file) {
  // Python's sqlite3 (the Flask app) never enforced foreign keys, so orphans exist in the wild.
  const db = new DatabaseSync(file, { enableForeignKeyConstraints: false });
  db.exec(`CREATE TABLE codes (code TEXT PRIMARY KEY, service_id INTEGER NOT NULL, quantity INTEGER NOT NULL,
    platform TEXT NOT NULL, service_type TEXT NOT NULL, requirements TEXT, status TEXT DEFAULT 'unused',
    created_date TEXT NOT NULL, used_date TEXT, used_by_user_id TEXT, order_id INTEGER,
    expiry_days INTEGER DEFAULT 30, has_refill INTEGER DEFAULT 0);
  CREATE TABLE redemption_history (id INTEGER PRIMARY KEY AUTOINCREMENT, code TEXT NOT NULL, user_id TEXT NOT NULL,
    username TEXT NOT NULL, service_id INTEGER NOT NULL, quantity INTEGER NOT NULL, link TEXT NOT NULL,
    order_id INTEGER, redeemed_date TEXT NOT NULL, FOREIGN KEY (code) REFERENCES codes(code));`);
  const code = db.prepare('INSERT INTO codes VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)');
  const soon = new Date(Date.now() - 86400e3).toISOString().slice(0, 19).replace('T', ' ');
  code.run('WORKING-001', 101, 1000, 'youtube ', 'Subscribers', null, 'unused', soon, null, null, null, 3650, 1);
  code.run('YT-O1EJ-F1RP-MTXZ-4BML', 102, 500, 'YouTube', 'views', 'public video', 'used', '2024-01-05 10:00:00', '2024-01-06 11:00:00', '998877', 5511, 30, 0);
  code.run('IG-LIKES-42', 202, 100, 'instagram', 'Like', null, 'unused', soon, null, null, null, 0, 0);
  code.run('WORKING-002', 101, 1000, 'Youtube', 'subscribers', '', 'unused', soon, null, null, null, 30, 1);
  code.run('BAD-STATUS-1', 101, 1000, 'youtube', 'subscribers', null, 'refunded', soon, null, null, null, 30, 0);
  const hist = db.prepare('INSERT INTO redemption_history (code, user_id, username, service_id, quantity, link, order_id, redeemed_date) VALUES (?,?,?,?,?,?,?,?)');
  hist.run('YT-O1EJ-F1RP-MTXZ-4BML', '998877', 'discord_ann', 102, 500, 'https://www.youtube.com/watch?v=dQw4w9WgXcQ', 5511, '2024-01-06 11:00:00');
  hist.run('GONE-CODE', '1', 'x', 101, 1, 'https://x.com/a', null, '2024-01-07 11:00:00');
  db.close();
}

before(async () => {
  writeFlaskDb(flaskDb);
  firstImport = await importer([flaskDb, '--persist-to', persistTo]);
  shop = await startShop({ persistTo, vars: { PANEL_TIMEOUT_MS: '1500' } });
});
after(async () => {
  await shop?.stop();
  rmSync(work, { recursive: true, force: true });
});

const admin = { headers: { 'x-api-key': SECRETS.ADMIN_API_KEY } };

test('the import says what it did and what it changed', () => {
  const out = firstImport.stdout;
  assert.match(out, /^codes: 4 imported, 0 skipped \(already here\), 0 conflicting, 1 rejected$/m);
  assert.match(out, /^history: 1 imported, 1 already here or without their code$/m);
  assert.match(out, /changed +WORKING-001: platform "youtube " -> "youtube"/);
  assert.match(out, /changed +IG-LIKES-42: service_type "Like" -> "likes"/);
  assert.match(out, /rejected +BAD-STATUS-1: status "refunded"/);
});

test('imported codes keep their names, statuses, dates and orders', async () => {
  const get = async (code) => (await shop.get(`/api/admin/codes/${code}`, admin)).body.data;
  const used = await get('YT-O1EJ-F1RP-MTXZ-4BML');
  assert.deepEqual(
    [used.code.status, used.code.order_id, used.code.used_date, used.code.created_date, used.code.source, used.code.requirements],
    ['used', 5511, '2024-01-06T11:00:00.000Z', '2024-01-05T10:00:00.000Z', 'import', 'public video'],
  );
  assert.equal(used.redemptions[0].username, 'discord_ann');
  const unused = await get('WORKING-001');
  assert.deepEqual([unused.code.platform, unused.code.service_type, unused.code.has_refill], ['youtube', 'subscribers', 1]);
  assert.equal((await get('IG-LIKES-42')).code.expires_at, null, 'expiry_days 0 never expires');
});

test('an imported custom code is redeemed end to end', async () => {
  const v = await shop.json('/api/validate-code', { code: ' working-001 ' });
  assert.equal(v.status, 200, JSON.stringify(v.body));
  const r = await shop.json('/api/redeem', { code: 'WORKING-001', link: 'https://www.youtube.com/@Imported' });
  assert.equal(r.status, 200, JSON.stringify(r.body));
  assert.equal(shop.panel.calls('add')[0].fields.service, '101');
});

test('the imported history shows in the admin API', async () => {
  const res = await shop.get('/api/admin/redemptions?limit=500', admin);
  assert.ok(res.body.data.redemptions.some((h) => h.code === 'YT-O1EJ-F1RP-MTXZ-4BML' && h.user_id === '998877' && h.order_id === 5511));
});

test('importing again adds nothing twice, and reports codes that changed here as conflicts', async () => {
  const count = async () => (await shop.d1('SELECT (SELECT count(*) FROM codes) AS codes, (SELECT count(*) FROM redemption_history) AS history, (SELECT count(*) FROM orders) AS orders'))[0];
  const before = await count();
  const { stdout } = await importer([flaskDb, '--remote', '--url', shop.base], { ADMIN_API_KEY: SECRETS.ADMIN_API_KEY });
  assert.match(stdout, /^codes: 0 imported, 3 skipped \(already here\), 1 conflicting, 1 rejected$/m);
  assert.match(stdout, /conflict +WORKING-001: used here, unused in the file; left alone/);
  assert.match(stdout, /^history: 0 imported/m);
  assert.deepEqual(await count(), before);
  assert.equal((await shop.json('/api/validate-code', { code: 'WORKING-001' })).body.error.code, 'code_already_used');
});

test('a file that is not such a database is refused with a clear message', async () => {
  const junk = path.join(work, 'notes.txt');
  writeFileSync(junk, 'just some text, not SQLite');
  await assert.rejects(importer([junk, '--persist-to', persistTo]), (e) => e.code === 1 && /is not a SQLite database/.test(e.stderr));
  const other = path.join(work, 'other.db');
  const db = new DatabaseSync(other);
  db.exec('CREATE TABLE users (id INTEGER)');
  db.close();
  await assert.rejects(importer([other, '--persist-to', persistTo]), (e) => e.code === 1 && /not a Flask For-Sellauth database/.test(e.stderr));
  await assert.rejects(importer([path.join(work, 'missing.db')]), (e) => /no such file/.test(e.stderr));
});

test('the Flask clients\' order-status answers for our orders only, without the charge', async () => {
  const redeemed = await shop.get('/api/admin/codes/WORKING-001', admin);
  const id = redeemed.body.data.code.order_id;
  const res = await shop.json(`/api/order-status?order_id=${id}`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.data.status, 'Pending');
  assert.equal(res.body.data.live, true);
  assert.ok(!('charge' in res.body.data) && !JSON.stringify(res.body).includes('charge'));
  const imported = await shop.json('/api/order-status?order_id=5511');
  assert.equal(imported.status, 200, 'an imported order is ours too');
  assertErrorShape(assert, await shop.json('/api/order-status?order_id=424242'), 404, 'order_not_found');
  assertErrorShape(assert, await shop.json('/api/order-status?order_id=abc'), 400, 'invalid_order_id');
});

test('the Discord-era lookup by user id needs the admin key', async () => {
  assertErrorShape(assert, await shop.json('/api/user/redemptions', { user_id: '998877' }), 401, 'unauthorized');
  const res = await shop.json('/api/user/redemptions', { user_id: 998877 }, admin);
  assert.equal(res.status, 200);
  assert.equal(res.body.data.count, 1);
  assert.equal(res.body.data.redemptions[0].code, 'YT-O1EJ-F1RP-MTXZ-4BML');
});
