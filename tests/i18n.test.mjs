// The redemption page's words (assets/i18n.js): every error code the page's routes can answer
// has words in every language, every language has every key with the same placeholders, and no
// key is dead weight. Runs without a worker: the API's codes come from assets/openapi.json.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import vm from 'node:vm';
import { ROOT } from './support/worker.mjs';

const read = (f) => readFileSync(path.join(ROOT, f), 'utf8');
const sandbox = { window: {} };
vm.runInNewContext(read('assets/i18n.js'), sandbox);
const { I18N, I18N_NAMES, I18N_RTL } = sandbox.window;
const spec = JSON.parse(read('assets/openapi.json'));
const LANGS = Object.keys(I18N);
const EN = Object.keys(I18N.en);
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

/** The error codes the operations the page calls may answer. */
function pageErrorCodes() {
  const ops = ['validateCode', 'checkLink', 'redeemCode', 'getOrderByCode', 'requestRefill'];
  const codes = new Set();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (!ops.includes(op.operationId)) continue;
      for (const r of Object.values(op.responses)) {
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
  const page = read('assets/app.js') + read('assets/index.html');
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
  const literal = EN.filter((k) => !Object.keys(families).some((p) => k.startsWith(p)));
  const unused = literal.filter((k) => !page.includes(`'${k}'`) && !page.includes(`"${k}"`) && !page.includes(`\`${k}\``));
  // `net.down` / `net.odd` travel as error codes of failed fetches ('net.down').
  assert.deepEqual(unused, [], 'keys nothing shows');
});
