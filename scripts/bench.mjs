// npm run bench: load on the main routes of the real worker (workerd, local D1, fake panel),
// from this process, on loopback only. Prints medians and ratios to a trivial route.
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { mintCodes, startShop } from '../tests/support/worker.mjs';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 400);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '1,10,50').split(',').map(Number);

function pct(sorted, p) { return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]; }

async function drive(n, concurrency, makeRequest) {
  const times = [];
  let next = 0;
  let failures = 0;
  const start = performance.now();
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < n) {
      const i = next++;
      const t0 = performance.now();
      const res = await makeRequest(i);
      await res.arrayBuffer();
      if (!res.ok) failures++;
      times.push(performance.now() - t0);
    }
  }));
  const seconds = (performance.now() - start) / 1000;
  times.sort((a, b) => a - b);
  return { rps: n / seconds, p50: pct(times, 50), p99: pct(times, 99), failures };
}

const t0 = performance.now();
const shop = await startShop({ panelBalance: 1e9 });
const cold = performance.now();
await (await shop.fetch('/api/health')).arrayBuffer();
const firstRequestMs = performance.now() - cold;
const startMs = cold - t0;

const post = (path, body) => shop.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const rows = [];
try {
  for (const c of CONCURRENCY) {
    const validateCodes = await mintCodes(shop, { count: 1, service_id: 102, quantity: 500, platform: 'youtube', service_type: 'views' });
    const redeemCodes = [];
    while (redeemCodes.length < REQUESTS) {
      redeemCodes.push(...await mintCodes(shop, { count: Math.min(1000, REQUESTS - redeemCodes.length), service_id: 102, quantity: 500, platform: 'youtube', service_type: 'views' }));
    }
    const routes = [
      ['GET /api/health', () => shop.fetch('/api/health')],
      ['GET / (asset)', () => shop.fetch('/')],
      ['POST /api/validate-code', () => post('/api/validate-code', { code: validateCodes[0] })],
      ['POST /api/redeem (fresh code)', (i) => post('/api/redeem', { code: redeemCodes[i], link: 'https://youtu.be/dQw4w9WgXcQ' })],
    ];
    let base;
    for (const [name, make] of routes) {
      const r = await drive(REQUESTS, c, make);
      base ??= r.rps;
      rows.push({ route: name, concurrency: c, ...r, ratio: r.rps / base });
    }
  }
} finally {
  await shop.stop();
}

const wasm = readFileSync(new URL('../build/index_bg.wasm', import.meta.url));
console.log(`\nworker start (wrangler + workerd, fresh D1): ${startMs.toFixed(0)} ms; first request (Wasm instantiation): ${firstRequestMs.toFixed(0)} ms`);
console.log(`index_bg.wasm: ${(wasm.length / 1024).toFixed(1)} KiB raw, ${(gzipSync(wasm, { level: 9 }).length / 1024).toFixed(1)} KiB gzip -9`);
console.log(`${REQUESTS} requests per row; ratio = requests/s relative to GET /api/health (one trivial D1 query) at the same concurrency\n`);
console.log('| route | conc. | req/s | p50 ms | p99 ms | ratio | failed |');
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  console.log(`| ${r.route} | ${r.concurrency} | ${r.rps.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.ratio.toFixed(2)} | ${r.failures} |`);
}
