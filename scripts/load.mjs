// The load generator of `npm run bench`, run as its own process so the measuring side does not
// share an event loop with the worker's harness. Loopback only: it refuses other hosts.
// Usage: node scripts/load.mjs <spec.json>  ->  prints {rps, p50, p99, failures} as JSON.
// spec: { base, method, path, n, concurrency, bodies?: [string] (one per request, cycled), headers? }
import { readFileSync } from 'node:fs';

const spec = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const url = new URL(spec.base);
if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`refusing to load ${url.hostname}: loopback only`);

const pct = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
const times = [];
let next = 0;
let failures = 0;
const start = performance.now();
await Promise.all(Array.from({ length: spec.concurrency }, async () => {
  while (next < spec.n) {
    const i = next++;
    // Each request is its own buyer (CF-Connecting-IP), as on Cloudflare: limits are per client.
    const headers = { 'cf-connecting-ip': `198.18.${(i >> 8) & 255}.${i & 255}`, 'content-type': 'application/json', ...spec.headers };
    const body = spec.bodies ? spec.bodies[i % spec.bodies.length] : undefined;
    const t0 = performance.now();
    try {
      const res = await fetch(spec.base + spec.path, { method: spec.method, headers, body });
      await res.arrayBuffer();
      if (!res.ok) failures++;
    } catch {
      failures++;
    }
    times.push(performance.now() - t0);
  }
}));
const seconds = (performance.now() - start) / 1000;
times.sort((a, b) => a - b);
console.log(JSON.stringify({ rps: spec.n / seconds, p50: pct(times, 50), p99: pct(times, 99), failures }));
