// The npm commands, as one portable Node script (Linux, macOS, Windows; no bash, no root):
//   node scripts/tasks.mjs start | demo | build | test | openapi | bench | import | deploy | setup-cloudflare
// Each begins with the prerequisite check (scripts/lib/check.mjs).
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from './lib/build.mjs';
import { checkOrExit } from './lib/check.mjs';
import { ensureChrome } from './lib/chrome.mjs';
import { cargoTool, node, ROOT, run, say, start, toolEnv, wrangler as wranglerCmd } from './lib/env.mjs';
import { setup } from './lib/setup.mjs';

const [task, ...args] = process.argv.slice(2);
const file = (p) => path.join(ROOT, p);
/** Runs wrangler with `list`; the pinned Node is looked up after setup has installed it. */
const wrangler = (list, options) => { const [program, script] = wranglerCmd(); return run(program, [script, ...list], options); };

/** A local secret from .dev.vars (the last one wins, as wrangler reads it). */
function devVar(name) {
  const lines = readFileSync(file('.dev.vars'), 'utf8').split(/\r?\n/).filter((l) => l.startsWith(`${name}=`));
  return lines.at(-1)?.slice(name.length + 1).trim() ?? '';
}

/** npm start, and npm run demo (`demo`: beside the fake SMM panel, so every flow works offline). */
function serve(demo) {
  setup();
  if (!existsSync(file('.dev.vars'))) {
    const rand = () => randomBytes(24).toString('hex');
    writeFileSync(file('.dev.vars'), `# Written by npm start with random local values; edit freely, never commit.\nADMIN_API_KEY=${rand()}\nPANEL_API_KEY=${rand()}\nSELLAUTH_WEBHOOK_SECRET=${rand()}\n`);
    say('wrote .dev.vars with fresh local secrets');
  }
  const adminKey = devVar('ADMIN_API_KEY');
  build();
  say('applying D1 migrations to the local database');
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local'], { quiet: true });
  // --test-scheduled: GET /__scheduled runs the Cron Trigger's jobs by hand (README, Operating).
  const devArgs = ['dev', '--port', '8787', '--ip', '127.0.0.1', '--show-interactive-dev-session=false', '--test-scheduled'];
  const children = [];
  if (demo) {
    const port = process.env.PANEL_PORT ?? '8788';
    // --progress: demo orders move Pending -> In progress -> Completed over about a minute
    // and a half, so tracking and refills can be tried.
    children.push(start(node(), [file('tests/support/fake-panel.mjs'), '--port', port, '--key', devVar('PANEL_API_KEY'), '--progress']));
    devArgs.push('--var', `PANEL_URL:http://127.0.0.1:${port}/api/v2`);
    say(`fake SMM panel on http://127.0.0.1:${port}/api/v2`);
    children.push(start(node(), [file('scripts/demo-seed.mjs'), 'http://localhost:8787', adminKey]));
  }
  say('redemption page: http://localhost:8787/');
  say(`admin dashboard: http://localhost:8787/admin   (admin key: ${adminKey})`);
  say('health:          http://localhost:8787/api/health');
  const [program, script] = wranglerCmd();
  const dev = start(program, [script, ...devArgs]);
  const stop = () => { for (const c of children) c.kill(); };
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { stop(); dev.kill(signal); });
  dev.on('exit', (code) => { stop(); process.exit(code ?? 0); });
}

/** npm test: the pure core natively, then the end-to-end suite against the built worker. */
function test() {
  setup();
  const chrome = ensureChrome();
  say('cargo test (pure core and the API document generator, native)');
  run(cargoTool('cargo'), ['test', '--lib', '--bins', '--quiet']);
  openapi(['--check']);
  build();
  say(`end-to-end tests (real worker in workerd, local D1, fake panel, ${path.basename(chrome)})`);
  run(node(), ['--test', '--test-concurrency=1', 'tests/*.test.mjs'], { env: toolEnv({ CHROME_PATH: chrome }) });
}

/** npm run openapi: assets/openapi.json from the route table (src/bin/openapi.rs); with
 * --check, fails when the committed document is not the generated one. */
function openapi(flags = args) {
  say(flags.includes('--check') ? 'checking that assets/openapi.json is the generated one (npm run openapi -- --check)' : 'writing assets/openapi.json');
  run(cargoTool('cargo'), ['run', '--quiet', '--bin', 'openapi', '--', ...flags]);
}

/** Prints the command under --dry-run, runs it otherwise. */
const step = (dry, label, fn) => (dry ? console.log(label) : (say(label), fn()));

/** npm run deploy [-- --dry-run]: remote D1 migrations, then the worker. */
function deploy(dry = args.includes('--dry-run')) {
  if (!dry) {
    setup();
    if (readFileSync(file('wrangler.toml'), 'utf8').includes('database_id = "00000000-0000-0000-0000-000000000000"')) {
      say("wrangler.toml still has the placeholder database_id: run 'npm run setup:cloudflare' first.");
      process.exit(1);
    }
    if (wrangler(['whoami'], { quiet: true, allowFail: true }).status !== 0) {
      say("not logged in to Cloudflare (or it is unreachable): run 'npx wrangler login' first.");
      process.exit(1);
    }
  } else console.log('wrangler whoami');
  step(dry, 'npm run build', build);
  step(dry, 'wrangler d1 migrations apply DB --remote', () => wrangler(['d1', 'migrations', 'apply', 'DB', '--remote']));
  step(dry, 'wrangler deploy', () => wrangler(['deploy']));
  // Order updates by e-mail need a sending domain onboarded once (README, Tell buyers by e-mail).
  if (!/^EMAIL_FROM = "[^"]+"/m.test(readFileSync(file('wrangler.toml'), 'utf8'))) {
    say('order e-mails are off: onboard a sending domain to Cloudflare Email Service and set EMAIL_FROM and PUBLIC_URL (README, "Tell buyers by e-mail")');
  }
}

/** npm run setup:cloudflare [-- --dry-run]: the first-time steps of a deploy. */
function setupCloudflare(dry = args.includes('--dry-run')) {
  const toml = () => readFileSync(file('wrangler.toml'), 'utf8');
  const dbName = /^database_name = "([^"]+)"/m.exec(toml())[1];
  const secrets = ['ADMIN_API_KEY', 'PANEL_API_KEY', 'SELLAUTH_WEBHOOK_SECRET', 'DISCORD_WEBHOOK_URL', 'DISCORD_PUBLIC_KEY'];
  if (dry) {
    console.log(['wrangler whoami', `wrangler d1 create ${dbName}`, '# then: database_id = "<id printed above>" in wrangler.toml',
      ...secrets.map((s) => `wrangler secret put ${s}`), 'npm run deploy'].join('\n'));
    return;
  }
  setup();
  if (wrangler(['whoami'], { quiet: true, allowFail: true }).status !== 0) {
    say("not logged in to Cloudflare (or it is unreachable): run 'npx wrangler login', then this again.");
    process.exit(1);
  }
  const placeholder = 'database_id = "00000000-0000-0000-0000-000000000000"';
  if (toml().includes(placeholder)) {
    say(`creating the D1 database ${dbName}`);
    const out = wrangler(['d1', 'create', dbName], { quiet: true }).stdout.toString();
    process.stdout.write(out);
    const id = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/.exec(out)?.[0];
    if (!id) { say('could not read the new database\'s id above; put it in wrangler.toml by hand'); process.exit(1); }
    writeFileSync(file('wrangler.toml'), toml().replace(placeholder, `database_id = "${id}"`));
    say(`wrote database_id = "${id}" to wrangler.toml (commit it)`);
  }
  for (const s of secrets) {
    say(`secret ${s} (the DISCORD_ ones are optional: press Ctrl-D, or Ctrl-Z then Enter on Windows, to skip)`);
    wrangler(['secret', 'put', s], { allowFail: true });
  }
  deploy(false);
  say('done. In Sellauth, set dynamic delivery to https://<your-worker>/webhook/sellauth');
}

const TASKS = {
  start: () => serve(false),
  demo: () => serve(true),
  build: () => { checkOrExit(); build(); },
  test,
  openapi: () => openapi(),
  bench: () => { setup(); build(); run(node(), [file('scripts/bench.mjs'), ...args]); },
  import: () => { setup({ toStderr: true }); build(); run(node(), ['--disable-warning=ExperimentalWarning', file('scripts/import.mjs'), ...args]); },
  deploy: () => deploy(),
  'setup-cloudflare': () => setupCloudflare(),
};

if (!TASKS[task]) {
  process.stderr.write(`usage: node scripts/tasks.mjs ${Object.keys(TASKS).join(' | ')}\n`);
  process.exit(2);
}
TASKS[task]();
