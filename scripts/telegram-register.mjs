#!/usr/bin/env node
// Connects the shop's Telegram bot to the worker: setWebhook (the worker's /telegram/webhook,
// with the secret Telegram then sends in X-Telegram-Bot-Api-Secret-Token, and only the updates
// the bot reads), then setMyCommands once per language of the shop's catalogue
// (assets/i18n.json, the page's own words). Node 20+, no dependencies.
//
//   node scripts/telegram-register.mjs --url https://shop.example [--dry-run]
//
// TELEGRAM_BOT_TOKEN and TELEGRAM_WEBHOOK_SECRET come from the environment (or .dev.vars); the
// token is never printed. --url is the worker's public address (or PUBLIC_URL). --dry-run prints
// the calls without sending them. TELEGRAM_API_URL points elsewhere than Telegram (tests).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
// Each command with the catalogue key of its description.
const COMMANDS = [
  ['start', 'bot.cmd.start'], ['redeem', 'bot.cmd.redeem'], ['order', 'bot.cmd.order'],
  ['myorders', 'bot.cmd.myorders'], ['services', 'bot.cmd.services'],
];

class Usage extends Error {}

/** A value from the environment, else from .dev.vars (the last line wins, as wrangler reads it). */
function secret(name) {
  if (process.env[name]?.trim()) return process.env[name].trim();
  const file = `${ROOT}.dev.vars`;
  if (!existsSync(file)) return '';
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).filter((l) => l.startsWith(`${name}=`));
  return lines.at(-1)?.slice(name.length + 1).trim() ?? '';
}

function parseArgs(argv) {
  const args = { dryRun: false, url: process.env.PUBLIC_URL ?? '' };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    if (flag === '--dry-run') args.dryRun = true;
    else if (flag === '--url') args.url = inline ?? argv[++i] ?? '';
    else if (flag === '--help' || flag === '-h') args.help = true;
    else throw new Usage(`Unknown argument ${argv[i]}. Try --help.`);
  }
  return args;
}

/** The calls to make, in order: [method, body]. */
export function plan(url, webhookSecret, catalogue) {
  if (!/^https:\/\/[^/]+/.test(url) && !/^http:\/\/(127\.0\.0\.1|localhost)[:/]/.test(url)) {
    throw new Usage(`--url must be the worker's https:// address, not ${JSON.stringify(url)}.`);
  }
  const calls = [['setWebhook', {
    url: `${url.replace(/\/+$/, '')}/telegram/webhook`,
    secret_token: webhookSecret,
    allowed_updates: ['message', 'callback_query'],
    drop_pending_updates: false,
  }]];
  const words = catalogue.words;
  const commands = (lang) => COMMANDS.map(([command, key]) => ({ command, description: words[lang][key] ?? words.en[key] }));
  // English is the default list; every other language its own (Telegram picks by the app's language).
  calls.push(['setMyCommands', { commands: commands('en') }]);
  for (const lang of Object.keys(words).filter((l) => l !== 'en')) {
    // Telegram takes two-letter language codes: pt-BR's list is Portuguese's.
    calls.push(['setMyCommands', { commands: commands(lang), language_code: lang.split('-')[0].toLowerCase() }]);
  }
  return calls;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('node scripts/telegram-register.mjs --url https://your-worker.example [--dry-run]');
    return;
  }
  const token = secret('TELEGRAM_BOT_TOKEN');
  const webhookSecret = secret('TELEGRAM_WEBHOOK_SECRET');
  if (!args.dryRun && !token) throw new Usage('Set TELEGRAM_BOT_TOKEN (BotFather gives it) in the environment or .dev.vars.');
  if (!webhookSecret) throw new Usage('Set TELEGRAM_WEBHOOK_SECRET (any long random text; the same as the worker\'s secret).');
  if (!/^[A-Za-z0-9_-]{1,256}$/.test(webhookSecret)) throw new Usage('TELEGRAM_WEBHOOK_SECRET may hold only A-Z, a-z, 0-9, _ and - (Telegram\'s rule), 1 to 256 of them.');
  const catalogue = JSON.parse(readFileSync(`${ROOT}assets/i18n.json`, 'utf8'));
  const calls = plan(args.url, webhookSecret, catalogue);
  const api = (process.env.TELEGRAM_API_URL ?? 'https://api.telegram.org').replace(/\/+$/, '');
  for (const [method, body] of calls) {
    const shown = method === 'setWebhook' ? { ...body, secret_token: '(TELEGRAM_WEBHOOK_SECRET)' } : body;
    if (args.dryRun) {
      console.log(`POST ${api}/bot<TELEGRAM_BOT_TOKEN>/${method}\n${JSON.stringify(shown, null, 2)}`);
      continue;
    }
    const res = await fetch(`${api}/bot${token}/${method}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const answer = await res.json().catch(() => ({}));
    if (!res.ok || answer.ok !== true) throw new Error(`${method} failed (${res.status}): ${answer.description ?? 'no description'}`);
    console.log(`${method}${body.language_code ? ` (${body.language_code})` : ''}: ok`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e instanceof Usage ? e.message : `telegram:register: ${e.message}`);
    process.exit(e instanceof Usage ? 2 : 1);
  });
}
