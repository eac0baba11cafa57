// Runs several commands at once and waits for all of them: the first run's slow steps (the two
// Rust CLIs, npm ci, the worker's own dependencies) overlap instead of queueing, so each one's
// single-threaded stretches (linking, the last codegen unit) leave the other core busy.
// Usage: node together.mjs '<json: [{ label, cmd, args, env? }]>'; exits non-zero if any failed.
import { spawn } from 'node:child_process';

const jobs = JSON.parse(process.argv[2]);
const results = await Promise.all(jobs.map(({ label, cmd, args, env, shell }) => new Promise((resolve) => {
  const child = spawn(cmd, args, { stdio: 'inherit', env: { ...process.env, ...env }, shell: Boolean(shell) });
  child.on('error', (e) => resolve({ label, code: 1, why: e.message }));
  child.on('exit', (code) => resolve({ label, code: code ?? 1 }));
})));
const failed = results.filter((r) => r.code !== 0);
for (const f of failed) process.stderr.write(`[redeem-edge] ${f.label} failed (exit ${f.code}${f.why ? `: ${f.why}` : ''})\n`);
process.exit(failed.length ? 1 : 0);
