// The shop's words (assets/i18n.json, the page's and the bots'): every error code the page's routes can answer
// has words in every language, every language has every key with the same placeholders, and no
// key is dead weight. Runs without a worker: the API's codes come from assets/openapi.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { ROOT } from './support/worker.mjs';

const read = (f) => readFileSync(path.join(ROOT, f), 'utf8');
const catalogue = JSON.parse(read('assets/i18n.json'));
const { words: I18N, names: I18N_NAMES, rtl: I18N_RTL } = catalogue;
const spec = JSON.parse(read('assets/openapi.json'));
const LANGS = Object.keys(I18N);
const EN = Object.keys(I18N.en);
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The error codes the operations the page calls may answer. */
function pageErrorCodes() {
  const ops = ['validateCode', 'checkLink', 'redeemCode', 'getOrderByCode', 'requestRefill', 'notifyMe'];
  const codes = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (!ops.includes(op.operationId)) continue;
      // Shared answers are `$ref`s to components.responses.
      for (const r of Object.values(op.responses).map((r) => (r.$ref ? spec.components.responses[r.$ref.split('/').pop()] : r))) {
        for (const c of r.content?.['application/json']?.schema?.properties?.error?.properties?.code?.enum ?? []) codes.add(c);
      }
    }
  }
  // The refill's reason on the order page, as a code.
  for (const c of spec.components.schemas.OrderByCode.properties.refill.properties.why_not_code.enum) if (c) codes.add(c);
  return [...codes].sort();
}

test('the languages: at least the nine the page offers, one of them right-to-left', () => {
  assert.deepEqual(LANGS, ['en', 'es', 'pt-BR', 'tr', 'ru', 'hi', 'id', 'ar', 'de']);
  assert.deepEqual(Object.keys(I18N_NAMES), LANGS, 'the switcher names every language');
  assert.deepEqual([...I18N_RTL], ['ar']);
});

test('every API error code the page can meet has words in every language', () => {
  const codes = pageErrorCodes();
  assert.ok(codes.length >= 25, `${codes.length} codes`);
  for (const lang of LANGS) {
    const missing = codes.filter((c) => !I18N[lang][`error.${c}`]?.trim());
    assert.deepEqual(missing, [], `${lang} lacks words for`);
  }
});

test('every language has every key, with the same placeholders, and nothing else', () => {
  for (const lang of LANGS) {
    const d = I18N[lang];
    assert.deepEqual(Object.keys(d).filter((k) => !(k in I18N.en)), [], `${lang}: keys English does not have`);
    for (const key of EN) {
      assert.ok(typeof d[key] === 'string' && d[key].trim(), `${lang} ${key}`);
      assert.deepEqual(placeholders(d[key]), placeholders(I18N.en[key]), `${lang} ${key}: placeholders`);
    }
  }
});

test('no key is unused: each is in the page, or in a family the API or the core fills', () => {
  // The page's words, and the bots' (read from this same catalogue by the worker: the two bots'
  // shared sentences in src/edge/chat.rs; and by the Telegram registration script).
  const page = ['assets/app.js', 'assets/index.html', 'assets/unsubscribe.js', 'assets/unsubscribe.html', 'src/edge/chat.rs', 'src/edge/telegram/bot.rs', 'src/edge/discord/work.rs', 'scripts/telegram-register.mjs'].map(read).join('');
  const families = {
    // Every key of these families stands for one of the API's values, and the other way round.
    'error.': pageErrorCodes(),
    'page.': spec.components.schemas.CodeView.properties.link_pages.items.enum,
    'kind.': /stored as its key \(([^)]+)\)/.exec(spec.components.schemas.TemplateFields.properties.service_type.description)[1].split(', '),
    'status.': ['pending', 'processing', 'in_progress', 'completed', 'partial', 'canceled', 'refunded'],
  };
  for (const [prefix, values] of Object.entries(families)) {
    assert.ok(page.includes(`\`${prefix}`) || page.includes(`'${prefix}'`) || page.includes(`"${prefix}"`) || page.includes(`${prefix}\${`), `the page builds ${prefix}* keys`);
    const keys = EN.filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length)).sort();
    assert.deepEqual(keys, [...values].sort(), `${prefix}* keys are exactly the API's values`);
  }
  // The e-mails' words: a subject and a body per event the worker knows (core::outbox::Event),
  // built as mail.{event}.subject / .body, and the two lines every e-mail ends with.
  const outbox = read('src/core/outbox.rs');
  const events = [...outbox.matchAll(/Event::\w+ => "(\w+)",/g)].map((m) => m[1]);
  assert.ok(events.length >= 7, 'the events are read off core::outbox');
  const mail = [...events.flatMap((e) => [`mail.${e}.subject`, `mail.${e}.body`]), 'mail.follow', 'mail.footer'].sort();
  assert.deepEqual(EN.filter((k) => k.startsWith('mail.')).sort(), mail, 'mail.* keys are exactly the events\' subjects and bodies');
  for (const built of ['format!("mail.{key}.subject")', 'format!("mail.{key}.body")', '"mail.follow"']) assert.ok(outbox.includes(built), `core::outbox builds ${built}`);
  assert.ok(read('src/edge/commands/updates.rs').includes('"mail.footer"'), 'the e-mail footer is used');
  const literal = EN.filter((k) => !Object.keys(families).some((p) => k.startsWith(p)) && !k.startsWith('mail.'));
  const unused = literal.filter((k) => !page.includes(`'${k}'`) && !page.includes(`"${k}"`) && !page.includes(`\`${k}\``));
  // `net.down` / `net.odd` travel as error codes of failed fetches ('net.down').
  assert.deepEqual(unused, [], 'keys nothing shows');
});
