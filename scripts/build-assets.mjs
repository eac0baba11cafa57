// Copies assets/ to build/public/ for Workers Assets: scripts and styles get content-hashed
// names (cached for a year, immutable), pages point at them and are cached for a minute with
// validators (Workers Assets sends ETags), so a deploy shows up within a minute everywhere.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SRC = path.join(ROOT, 'assets');
const OUT = path.join(ROOT, 'build/public');
const HASHED = /\.(js|css)$/;

const files = readdirSync(SRC).filter((f) => !f.startsWith('.'));
const sources = new Map(files.map((f) => [f, readFileSync(path.join(SRC, f))]));
// The one catalogue of words (assets/i18n.json) is also the page's i18n.js; the bots read the
// JSON itself from the assets (src/edge/words.rs), under its own, unhashed name.
const catalogue = JSON.parse(sources.get('i18n.json'));
sources.set('i18n.js', Buffer.from(`// Made from assets/i18n.json by scripts/build-assets.mjs.\n'use strict';\nwindow.I18N_NAMES = ${JSON.stringify(catalogue.names)};\nwindow.I18N_RTL = ${JSON.stringify(catalogue.rtl)};\nwindow.I18N = ${JSON.stringify(catalogue.words)};\n`));
files.push('i18n.js');
const renamed = new Map();
for (const f of files.filter((f) => HASHED.test(f))) {
  const hash = createHash('sha256').update(sources.get(f)).digest('hex').slice(0, 10);
  renamed.set(f, f.replace(HASHED, `.${hash}.$1`));
}

rmSync(OUT, { recursive: true, force: true });
mkdirSync(OUT, { recursive: true });
const pages = [];
for (const f of files) {
  if (f === '_headers') continue;
  let body = sources.get(f);
  if (f.endsWith('.html')) {
    let html = body.toString();
    for (const [from, to] of renamed) html = html.replaceAll(`"/${from}"`, `"/${to}"`);
    body = Buffer.from(html);
    pages.push(f === 'index.html' ? '/' : `/${f.replace(/\.html$/, '')}`);
  }
  writeFileSync(path.join(OUT, renamed.get(f) ?? f), body);
}

// assets/_headers holds the headers every page gets; caching rules are added per file here.
const rules = [readFileSync(path.join(SRC, '_headers'), 'utf8').trimEnd()];
for (const name of renamed.values()) rules.push(`/${name}\n  Cache-Control: public, max-age=31536000, immutable`);
for (const page of pages) rules.push(`${page}\n  Cache-Control: public, max-age=60, must-revalidate`);
rules.push('/openapi.json\n  Cache-Control: public, max-age=60, must-revalidate');
rules.push('/i18n.json\n  Cache-Control: public, max-age=60, must-revalidate');
writeFileSync(path.join(OUT, '_headers'), `${rules.join('\n\n')}\n`);
