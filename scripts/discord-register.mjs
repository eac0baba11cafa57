#!/usr/bin/env node
// Registers the shop's slash commands with Discord: one bulk overwrite (PUT) of
// discord/commands.json, so Discord's list is exactly the file (a command removed from the
// file disappears from Discord too). Node 20+, no dependencies.
//
//   node scripts/discord-register.mjs [--guild <id>] [--dry-run] [--config <wrangler.toml>]
//
// The application id: DISCORD_APPLICATION_ID, else the DISCORD_APPLICATION_ID line of
// wrangler.toml's [vars]. The bot token: DISCORD_BOT_TOKEN (never read from a file, never
// printed). --guild registers in one server only, at once (for trying things out); without
// it the commands are global. DISCORD_API_URL points elsewhere than Discord (the tests' stand-in).
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DEFAULT_API = 'https://discord.com/api/v10';
const USER_AGENT = 'DiscordBot (https://github.com/redeem-edge/redeem-edge, 0.1.0)';
const OPTION_TYPES = { 1: 'subcommand', 2: 'group', 3: 'text', 4: 'integer', 5: 'boolean', 10: 'number' };

class Usage extends Error {}

function parseArgs(argv) {
  const args = { dryRun: false, guild: null, config: `${ROOT}wrangler.toml` };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Usage(`${flag} needs a value.`);
      return v;
    };
    if (flag === '--dry-run') args.dryRun = true;
    else if (flag === '--guild') args.guild = value();
    else if (flag === '--config') args.config = value();
    else if (flag === '--help' || flag === '-h') args.help = true;
    else throw new Usage(`Unknown argument ${argv[i]}. Try --help.`);
  }
  if (args.guild !== null && !/^\d{1,20}$/.test(args.guild)) {
    throw new Usage(`--guild must be a server's numeric id, not ${JSON.stringify(args.guild)}.`);
  }
  return args;
}

/** DISCORD_APPLICATION_ID from wrangler.toml's [vars] table, or null. */
export function appIdFromToml(text) {
  let inVars = false;
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      inVars = /^\[\s*vars\s*\]/.test(line);
      continue;
    }
    if (!inVars) continue;
    const m = line.match(/^DISCORD_APPLICATION_ID\s*=\s*(?:"([^"]*)"|'([^']*)'|(\d+))\s*(?:#.*)?$/);
    if (m) return (m[1] ?? m[2] ?? m[3]).trim() || null;
  }
  return null;
}

function applicationId(configPath) {
  const fromEnv = process.env.DISCORD_APPLICATION_ID?.trim();
  if (fromEnv) return { id: fromEnv, from: 'DISCORD_APPLICATION_ID' };
  let text;
  try {
    text = readFileSync(configPath, 'utf8');
  } catch {
    return null;
  }
  const id = appIdFromToml(text);
  return id ? { id, from: `${configPath} [vars]` } : null;
}

function loadCommands() {
  const path = `${ROOT}discord/commands.json`;
  let commands;
  try {
    commands = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Usage(`Cannot read ${path}: ${e.message}`);
  }
  if (!Array.isArray(commands) || commands.length === 0) {
    throw new Usage(`${path} must be a non-empty JSON array of commands.`);
  }
  const seen = new Set();
  for (const c of commands) {
    if (typeof c?.name !== 'string' || typeof c?.description !== 'string') {
      throw new Usage(`${path}: every command needs a name and a description.`);
    }
    if (seen.has(c.name)) throw new Usage(`${path}: /${c.name} is defined twice.`);
    seen.add(c.name);
  }
  return commands;
}

/** "/codes create count* (integer 1..1000) ..." lines: a command with its options. */
export function describe(commands) {
  const lines = [];
  const opts = (options = []) => options
    .map((o) => {
      const range = o.min_value !== undefined || o.max_value !== undefined
        ? ` ${o.min_value ?? ''}..${o.max_value ?? ''}` : '';
      const choices = o.choices ? `, ${o.choices.length} choices` : '';
      return `${o.name}${o.required ? '*' : ''} (${OPTION_TYPES[o.type] ?? `type ${o.type}`}${range}${choices})`;
    })
    .join(' ');
  for (const c of commands) {
    const admin = c.default_member_permissions !== undefined
      ? `  [default_member_permissions ${c.default_member_permissions}]` : '';
    const subs = (c.options ?? []).filter((o) => o.type === 1);
    if (subs.length === 0) {
      lines.push(`  /${c.name} ${opts(c.options)}`.trimEnd() + admin);
    } else {
      for (const s of subs) lines.push(`  /${c.name} ${s.name} ${opts(s.options)}`.trimEnd() + admin);
    }
  }
  return lines;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help) {
    console.log('Usage: node scripts/discord-register.mjs [--guild <id>] [--dry-run] [--config <wrangler.toml>]\n'
      + 'Env: DISCORD_APPLICATION_ID (else wrangler.toml [vars]), DISCORD_BOT_TOKEN, DISCORD_API_URL.');
    return 0;
  }
  const commands = loadCommands();
  const app = applicationId(args.config);
  if (!app && !args.dryRun) {
    throw new Usage('No application id: set DISCORD_APPLICATION_ID (Discord developer portal > '
      + 'your application > General Information > Application ID), or add a DISCORD_APPLICATION_ID '
      + 'line to [vars] in wrangler.toml.');
  }
  if (app && !/^\d{1,20}$/.test(app.id)) {
    throw new Usage(`DISCORD_APPLICATION_ID (from ${app.from}) must be the numeric application id, `
      + `not ${JSON.stringify(app.id)}.`);
  }
  const api = (process.env.DISCORD_API_URL?.trim() || DEFAULT_API).replace(/\/+$/, '');
  const appId = app?.id ?? '<DISCORD_APPLICATION_ID>';
  const url = args.guild
    ? `${api}/applications/${appId}/guilds/${args.guild}/commands`
    : `${api}/applications/${appId}/commands`;
  const scope = args.guild ? `in server ${args.guild}` : 'globally';

  if (args.dryRun) {
    console.log(`PUT ${url}`);
    for (const line of describe(commands)) console.log(line);
    console.log(`Dry run: would register ${commands.length} commands ${scope} for application ${appId}; `
      + `nothing was sent (* = required).${app ? '' : ' No application id is set yet.'}`);
    return 0;
  }

  const token = process.env.DISCORD_BOT_TOKEN?.trim();
  if (!token) {
    throw new Usage('DISCORD_BOT_TOKEN is not set: export the bot token (developer portal > your '
      + 'application > Bot > Reset Token) or run with --dry-run to see what would be sent.');
  }
  let res;
  try {
    res = await fetch(url, {
      method: 'PUT',
      headers: {
        Authorization: `Bot ${token}`,
        'Content-Type': 'application/json',
        'User-Agent': USER_AGENT,
      },
      body: JSON.stringify(commands),
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    console.error(`Could not reach ${api}: ${e.cause?.message ?? e.message}`);
    return 1;
  }
  const text = await res.text();
  if (!res.ok) {
    const hint = res.status === 401 ? ' (is DISCORD_BOT_TOKEN this application\'s bot token?)'
      : res.status === 403 ? ' (is the bot in that server, with the applications.commands scope?)'
        : res.status === 429 ? ' (rate limited: wait and run it again)' : '';
    console.error(`Discord refused the commands: HTTP ${res.status}${hint}\n${text}`);
    return 1;
  }
  let registered;
  try {
    registered = JSON.parse(text);
  } catch {
    registered = null;
  }
  if (!Array.isArray(registered)) {
    console.error(`Discord answered HTTP ${res.status} with something that is not a command list:\n${text}`);
    return 1;
  }
  for (const c of registered) console.log(`  /${c.name}  id ${c.id}`);
  const later = args.guild ? '' : ' (global commands can take a few minutes to appear)';
  console.log(`Registered ${registered.length} commands ${scope} for application ${appId}: `
    + `${registered.map((c) => c.name).join(', ')}${later}.`);
  return 0;
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  main().then(
    (code) => { process.exitCode = code; },
    (e) => {
      console.error(e instanceof Usage ? e.message : (e.stack ?? String(e)));
      process.exitCode = 1;
    },
  );
}
