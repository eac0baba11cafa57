// npm run import -- path/to/redeem_codes.db [--persist-to DIR] | [--remote --url https://your-worker]
//
// Moves a Flask "For-Sellauth" database (codes + redemption_history) into this shop. The
// worker itself does the work (POST /api/admin/import, batches of 500): the same code
// normalises rows for local and deployed shops. Local: starts the built worker on the local
// D1 (`.wrangler/state`, or --persist-to) with a one-time admin key. Remote: sends to the
// deployed worker at --url with ADMIN_API_KEY from the environment.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ROOT, startLocalWorker } from './local-worker.mjs';

const BATCH = 500;

function fail(message) {
  console.error(`import: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const args = { file: null, remote: false, url: null, persistTo: path.join(ROOT, '.wrangler/state') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--remote') args.remote = true;
    else if (a === '--url') args.url = argv[++i];
    else if (a === '--persist-to') args.persistTo = path.resolve(argv[++i]);
    else if (a.startsWith('--')) fail(`unknown option ${a}`);
    else args.file = a;
  }
  if (!args.file) fail('usage: npm run import -- path/to/redeem_codes.db [--persist-to DIR] [--remote --url URL]');
  if (args.remote && !args.url) fail('--remote needs --url https://<your-worker> (and ADMIN_API_KEY in the environment)');
  return args;
}

/** Reads both tables, or says plainly why the file is not a Flask For-Sellauth database. */
function readFlaskDb(file) {
  if (!existsSync(file)) fail(`${file}: no such file`);
  let db;
  try {
    db = new DatabaseSync(file, { readOnly: true });
    db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    fail(`${file} is not a SQLite database (${e.message})`);
  }
  const columns = (table) => db.prepare(`PRAGMA table_info(${table})`).all().map((c) => c.name);
  const need = ['code', 'service_id', 'quantity', 'platform', 'service_type', 'status', 'created_date'];
  const missing = need.filter((c) => !columns('codes').includes(c));
  if (missing.length) fail(`${file} is not a Flask For-Sellauth database: table codes lacks ${missing.join(', ')}`);
  const codes = db.prepare('SELECT * FROM codes ORDER BY rowid').all().map((r) => ({ ...r }));
  const hasHistory = columns('redemption_history').includes('redeemed_date');
  const history = hasHistory ? db.prepare('SELECT * FROM redemption_history ORDER BY id').all().map((r) => ({ ...r })) : [];
  db.close();
  // Keep only the columns the Flask schema has; extra ones (a later Flask version) are not ours.
  const pick = (row, keys) => Object.fromEntries(keys.filter((k) => k in row).map((k) => [k, typeof row[k] === 'bigint' ? Number(row[k]) : row[k]]));
  return {
    codes: codes.map((r) => pick(r, [...need, 'requirements', 'used_date', 'used_by_user_id', 'order_id', 'expiry_days', 'has_refill'])),
    history: history.map((r) => pick(r, ['id', 'code', 'user_id', 'username', 'service_id', 'quantity', 'link', 'order_id', 'redeemed_date'])),
  };
}

async function send(base, key, batch) {
  const res = await fetch(`${base}/api/admin/import`, {
    method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': key }, body: JSON.stringify(batch),
  });
  const body = await res.json().catch(() => ({ message: `HTTP ${res.status}` }));
  if (!body.success) fail(`the worker refused the batch: ${body.message}`);
  return body.data;
}

async function importFile(args) {
  const { codes, history } = readFlaskDb(args.file);
  console.error(`import: ${args.file}: ${codes.length} codes, ${history.length} history rows`);
  let base = args.url?.replace(/\/$/, '');
  let key = process.env.ADMIN_API_KEY;
  let local;
  if (!args.remote) {
    key = randomBytes(24).toString('hex');
    console.error(`import: starting the worker on the local D1 in ${path.relative(ROOT, args.persistTo) || '.'}`);
    local = await startLocalWorker({ persistTo: args.persistTo, vars: { ADMIN_API_KEY: key } });
    base = local.base;
  } else if (!key) {
    fail('set ADMIN_API_KEY to the deployed worker\'s admin key');
  }
  const total = { imported: 0, skipped: 0, conflicts: [], history: 0, historyNot: 0, changes: [], rejected: [] };
  try {
    // Codes first: history rows need their code to exist.
    for (let i = 0; i < codes.length; i += BATCH) {
      const r = await send(base, key, { codes: codes.slice(i, i + BATCH) });
      total.imported += r.codes.imported;
      total.skipped += r.codes.skipped;
      total.conflicts.push(...r.codes.conflicts);
      total.changes.push(...r.changes);
      total.rejected.push(...r.rejected);
    }
    for (let i = 0; i < history.length; i += BATCH) {
      const r = await send(base, key, { history: history.slice(i, i + BATCH) });
      total.history += r.history.imported;
      total.historyNot += r.history.not_imported;
      total.rejected.push(...r.rejected);
    }
  } finally {
    await local?.worker.stop();
  }
  for (const c of total.changes) console.log(`changed   ${c}`);
  for (const c of total.conflicts) console.log(`conflict  ${c.code}: ${c.here} here, ${c.in_file} in the file; left alone`);
  for (const r of total.rejected) console.log(`rejected  ${r}`);
  console.log(`codes: ${total.imported} imported, ${total.skipped} skipped (already here), ${total.conflicts.length} conflicting, ${total.rejected.filter((r) => !r.startsWith('history')).length} rejected`);
  console.log(`history: ${total.history} imported, ${total.historyNot} already here or without their code`);
  return total;
}

await importFile(parseArgs(process.argv.slice(2)));
