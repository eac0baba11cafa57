// npm run bench [-- --save]: load on the main routes of the real worker (workerd, local D1, fake
// panel) from a second process (scripts/load.mjs), at several concurrencies, loopback only.
// Prints requests/s, p50/p99 and each route's ratio to GET /api/health (one trivial D1 query:
// the ceiling of this runtime on this machine), plus the .wasm size and start times.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { mintCodes, ROOT, SECRETS, startShop } from '../tests/support/worker.mjs';

const SAVE = process.argv.includes('--save');
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,10,50,100').split(',').map(Number);
const requestsFor = (c) => Math.max(400, c * 8);
const work = mkdtempSync(path.join(tmpdir(), 'redeem-edge-bench-'));
const views = { service_id: 102, quantity: 500, platform: 'youtube', service_type: 'views' };

/** Runs one row of load in a child process. Asynchronously: the fake panel lives in this
 *  process and must keep answering while the load runs. */
async function load(spec) {
  const file = path.join(work, 'spec.json');
  writeFileSync(file, JSON.stringify(spec));
  const { stdout } = await promisify(execFile)(process.execPath, [path.join(ROOT, 'scripts/load.mjs'), file], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout);
}

/** Median D1 statements and round trips per request of `path`, from the worker's log lines
 *  (the Workers Assets answer a page without the worker: no line, no D1). */
function d1Work(lines, routePath) {
  const mine = lines.map((l) => { try { return JSON.parse(l); } catch { return null; } }).filter((l) => l?.route === routePath);
  const median = (xs) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : null);
  return { statements: median(mine.map((l) => l.d1_queries)), roundTrips: median(mine.map((l) => l.d1_round_trips)) };
}

/** CPU (ms) the local server has used so far: this process (wrangler's harness, which runs
 *  miniflare, and the fake panel) and every process under it (workerd). Linux only (/proc);
 *  elsewhere `null`: not measured. */
function serverCpuMs() {
  if (process.platform !== 'linux') return null;
  const ticks = 100; // USER_HZ: /proc reports clock ticks of 1/100 s on Linux
  const stats = new Map();
  for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
    try {
      // Fields after the command's closing parenthesis: state ppid ... utime(12) stime(13).
      const after = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ').pop().split(' ');
      stats.set(Number(pid), { ppid: Number(after[1]), cpu: (Number(after[11]) + Number(after[12])) * (1000 / ticks) });
    } catch { /* gone meanwhile */ }
  }
  const mine = new Set([process.pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [pid, s] of stats) if (!mine.has(pid) && mine.has(s.ppid)) { mine.add(pid); grew = true; }
  }
  const own = process.cpuUsage();
  let total = (own.user + own.system) / 1000;
  for (const pid of mine) if (pid !== process.pid) total += stats.get(pid).cpu;
  return total;
}

const t0 = performance.now();
const shop = await startShop({ panelBalance: 1e12 });
const started = performance.now();
await (await shop.fetch('/api/health')).arrayBuffer();
const firstRequestMs = performance.now() - started;
const startMs = started - t0;

const rows = [];
try {
  const [validateCode] = await mintCodes(shop, views);
  for (const c of CONCURRENCY) {
    const n = requestsFor(c);
    const fresh = [];
    while (fresh.length < n) fresh.push(...await mintCodes(shop, { ...views, count: Math.min(1000, n - fresh.length) }));
    const routes = [
      ['GET /api/health', { method: 'GET', path: '/api/health' }],
      ['GET / (asset)', { method: 'GET', path: '/' }],
      ['POST /api/validate-code', { method: 'POST', path: '/api/validate-code', bodies: [JSON.stringify({ code: validateCode })] }],
      ['POST /api/redeem (fresh code)', { method: 'POST', path: '/api/redeem', bodies: fresh.map((code) => JSON.stringify({ code, link: 'https://youtu.be/dQw4w9WgXcQ' })) }],
    ];
    if (c === CONCURRENCY[0]) {
      // One part of a large export (PART_PAGES pages of the codes list: 3,000 rows).
      while ((await shop.d1("SELECT count(*) AS n FROM codes"))[0].n < 5000) await mintCodes(shop, { ...views, count: 1000 });
      routes.push(['GET /api/admin/codes.csv (one 3,000-row part)', { method: 'GET', path: '/api/admin/codes.csv', headers: { 'x-api-key': SECRETS.ADMIN_API_KEY }, n: 20 }]);
      // The heaviest JSON answer: a page of the admin's codes list, every row built as JSON.
      routes.push(['GET /api/admin/codes (a page of 200)', { method: 'GET', path: '/api/admin/codes?limit=200', headers: { 'x-api-key': SECRETS.ADMIN_API_KEY }, n: 100 }]);
    }
    let base;
    let baseCpu;
    for (const [name, spec] of routes) {
      const seen = (await shop.logs()).length;
      const count = spec.n ?? n;
      const cpu0 = serverCpuMs();
      const r = await load({ base: shop.base, n: count, concurrency: Math.min(c, count), ...spec });
      const cpu = cpu0 == null ? null : (serverCpuMs() - cpu0) / count;
      base ??= r.rps;
      baseCpu ??= cpu;
      rows.push({ route: name, concurrency: Math.min(c, count), n: count, ...r, ratio: r.rps / base, cpu, cpuRatio: cpu == null ? null : cpu / baseCpu, ...d1Work((await shop.logs()).slice(seen), spec.path.split('?')[0]) });
    }
  }
} finally {
  await shop.stop();
  rmSync(work, { recursive: true, force: true });
}

const wasm = readFileSync(path.join(ROOT, 'build/index_bg.wasm'));
const lines = [
  `worker start (wrangler + workerd, fresh D1, migrations): ${startMs.toFixed(0)} ms; first request (Wasm instantiation): ${firstRequestMs.toFixed(0)} ms`,
  `index_bg.wasm: ${(wasm.length / 1024).toFixed(1)} KiB raw, ${gzipSync(wasm, { level: 9 }).length.toLocaleString('en')} bytes gzip -9 (budget 450,000; what is large: bench/notes.md)`,
  'ratio = requests/s relative to GET /api/health (one trivial D1 query) at the same concurrency; p50/p99 in ms;',
  'D1 = statements / round trips per request (medians, from the log line; a batch is one round trip)',
  `CPU = CPU time of the whole local server (wrangler + workerd + the fake panel) per request, ${process.platform === 'linux' ? 'from /proc (10 ms ticks: a mean over the row)' : 'not measured on this system (Linux only)'}; x = its ratio to GET /api/health in the same row group`,
  '',
  '| route | conc. | requests | req/s | p50 ms | p99 ms | ratio | CPU ms | CPU x | D1 | failed |',
  '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map((r) => `| ${r.route} | ${r.concurrency} | ${r.n} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.cpu == null ? '—' : r.cpu.toFixed(1)} | ${r.cpuRatio == null ? '—' : r.cpuRatio.toFixed(1)} | ${r.statements == null ? '—' : `${r.statements} / ${r.roundTrips}`} | ${r.failures} |`),
];
console.log(`\n${lines.join('\n')}`);
if (SAVE) {
  mkdirSync(path.join(ROOT, 'bench'), { recursive: true });
  const machine = `${(await import('node:os')).availableParallelism()} cores, ${process.version}`;
  writeFileSync(path.join(ROOT, 'bench/results.md'), `# npm run bench\n\nRun ${new Date().toISOString()} on ${machine}. Medians of one run; these machines are noisy, compare ratios.\n\n${lines.join('\n')}\n`);
  console.log('\nsaved to bench/results.md');
}
