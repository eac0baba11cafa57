// assets/openapi.json against the real worker answering every documented example (the route
// table itself is compared in src/core/route.rs).
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { makeSigner } from './support/discord-sign.mjs';
import { mintCodes, ROOT, SECRETS, sign, startShop } from './support/worker.mjs';

const ALLOWED_ORIGIN = 'https://store.example';
const METHODS = ['get', 'head', 'post', 'put', 'delete', 'patch', 'options', 'trace'];
const spec = JSON.parse(readFileSync(path.join(ROOT, 'assets/openapi.json'), 'utf8'));

const discord = makeSigner();
const TELEGRAM_SECRET = 'openapi-telegram-secret';
let shop;
before(async () => {
  shop = await startShop({ vars: { PANEL_TIMEOUT_MS: '1500', CORS_ALLOWED_ORIGINS: ALLOWED_ORIGIN, PUBLIC_PRICE_MULTIPLIER: '1.5', DISCORD_PUBLIC_KEY: discord.publicKeyHex,
    // The bot's replies go nowhere that answers (a closed port): the webhook's own answer is what is checked.
    TELEGRAM_BOT_TOKEN: '1:openapi', TELEGRAM_WEBHOOK_SECRET: TELEGRAM_SECRET, TELEGRAM_API_URL: 'http://127.0.0.1:9' } });
});
after(async () => { await shop?.stop(); });

const adminHeaders = { 'x-api-key': SECRETS.ADMIN_API_KEY };

/** Every operation of the spec: { path, method, op }. */
function operations() {
  return Object.entries(spec.paths).flatMap(([p, item]) => METHODS.filter((m) => item[m]).map((method) => ({ path: p, method, op: item[method] })));
}

// ------------------------------------------------------------ a small JSON Schema checker
// Enough of 2020-12 for this spec: $ref (with siblings), allOf, oneOf, type, const, enum,
// required, properties, items, additional/unevaluatedProperties: false, minimum/maximum.
function resolveRef(ref) {
  return ref.replace(/^#\//, '').split('/').reduce((o, k) => o[k], spec);
}
/** The schema and everything it applies with it ($ref, allOf), flattened. */
function parts(schema, out = []) {
  if (!schema || typeof schema !== 'object') return out;
  out.push(schema);
  if (schema.$ref) parts(resolveRef(schema.$ref), out);
  for (const s of schema.allOf ?? []) parts(s, out);
  return out;
}
const isType = {
  null: (v) => v === null, boolean: (v) => typeof v === 'boolean', string: (v) => typeof v === 'string',
  number: (v) => typeof v === 'number', integer: (v) => Number.isInteger(v), array: Array.isArray,
  object: (v) => v !== null && typeof v === 'object' && !Array.isArray(v),
};
function check(value, schema, at = '$', errors = []) {
  if (!schema || typeof schema !== 'object') return errors;
  if (schema.$ref) check(value, resolveRef(schema.$ref), at, errors);
  for (const s of schema.allOf ?? []) check(value, s, at, errors);
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => check(value, s, at).length === 0).length;
    if (fits !== 1) errors.push(`${at}: fits ${fits} of the oneOf branches`);
  }
  if ('const' in schema && value !== schema.const) errors.push(`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`);
  if (schema.enum && !schema.enum.includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  if (schema.type && ![].concat(schema.type).some((t) => isType[t](value))) {
    errors.push(`${at}: ${JSON.stringify(value)} is not ${[].concat(schema.type).join('|')}`);
    return errors;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${at}: above ${schema.maximum}`);
  }
  if (isType.object(value)) {
    for (const k of schema.required ?? []) if (!(k in value)) errors.push(`${at}: has no \`${k}\``);
    for (const [k, s] of Object.entries(schema.properties ?? {})) if (k in value) check(value[k], s, `${at}.${k}`, errors);
    const own = new Set(Object.keys(schema.properties ?? {}));
    if (schema.additionalProperties === false) for (const k of Object.keys(value)) if (!own.has(k)) errors.push(`${at}: \`${k}\` is not allowed`);
    if (schema.unevaluatedProperties === false) {
      const all = new Set(parts(schema).flatMap((p) => Object.keys(p.properties ?? {})));
      for (const k of Object.keys(value)) if (!all.has(k)) errors.push(`${at}: \`${k}\` is not allowed`);
    }
  }
  if (Array.isArray(value) && schema.items) value.forEach((v, i) => check(v, schema.items, `${at}[${i}]`, errors));
  return errors;
}
/** Fields of an answer the spec does not declare (objects with declared properties only). */
function undocumented(value, schema, at = '$', errors = []) {
  const all = parts(schema);
  const branch = all.find((p) => p.oneOf)?.oneOf.find((s) => check(value, s).length === 0);
  if (branch) return undocumented(value, { allOf: [...all.map(({ oneOf, $ref, allOf, ...rest }) => rest), branch] }, at, errors);
  if (isType.object(value)) {
    const declared = new Set(all.flatMap((p) => Object.keys(p.properties ?? {})));
    for (const [k, v] of Object.entries(value)) {
      if (declared.size > 0 && !declared.has(k)) errors.push(`${at}: \`${k}\` is not documented`);
      const subs = all.map((p) => p.properties?.[k]).filter(Boolean);
      if (subs.length) undocumented(v, { allOf: subs }, `${at}.${k}`, errors);
    }
  }
  if (Array.isArray(value)) {
    const items = all.map((p) => p.items).filter(Boolean);
    if (items.length) value.forEach((v, i) => undocumented(v, { allOf: items }, `${at}[${i}]`, errors));
  }
  return errors;
}

/** An answer as documented: shared answers are `$ref`s to components.responses. */
const answer = (r) => (r?.$ref ? resolveRef(r.$ref) : r);

/** The error codes a response documents (its schema's error.code enum). */
function documentedCodes(media) {
  return media?.schema?.properties?.error?.properties?.code?.enum ?? [];
}

/** The request examples of an operation: [{ name, value }]; [] when it takes no body. */
function bodyExamples(op) {
  const media = op.requestBody?.content?.['application/json'];
  if (!media) return [];
  if ('example' in media) return [{ name: 'example', value: media.example }];
  return Object.entries(media.examples ?? {}).map(([name, e]) => ({ name, value: e.value }));
}

const needsKey = (op) => (op.security ?? spec.security ?? []).some((req) => 'ApiKey' in req);
const isAdminPath = (p) => p.startsWith('/api/admin/');

test('the spec is served at /openapi.json, parses, and is OpenAPI 3.1', async () => {
  const res = await shop.fetch('/openapi.json');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const served = JSON.parse(await res.text());
  assert.match(served.openapi, /^3\.1\.\d+$/);
  assert.deepEqual(served, spec, 'the served spec is assets/openapi.json');
  assert.equal(typeof served.info?.title, 'string');
  assert.equal(typeof served.info?.version, 'string');
  assert.equal(typeof served.paths, 'object');
});

// The spec is generated from the route table (`core::route::ROUTES`, src/bin/openapi.rs): a
// route without its words, or words for no route, stops the generator; npm test checks that
// the committed spec is the generated one.
test('every path parameter of the spec is declared by its operation', () => {
  for (const { path: p, op } of operations()) {
    const named = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const params = (op.parameters ?? []).filter((x) => x.in === 'path').map((x) => x.name).sort();
    assert.deepEqual(params, named, `${op.operationId}: path parameters`);
  }
});

test('every operation has an operationId, a summary, its error codes, the admin key where needed, and fitting examples', () => {
  const ids = new Set();
  for (const { path: p, method, op } of operations()) {
    const label = `${method.toUpperCase()} ${p}`;
    assert.match(op.operationId ?? '', /^[a-z][A-Za-z]+$/, `${label}: operationId`);
    assert.ok(!ids.has(op.operationId), `${op.operationId} is unique`);
    ids.add(op.operationId);
    assert.ok(op.summary, `${label}: summary`);
    assert.ok(Object.keys(op.responses).some((s) => s.startsWith('2')), `${label}: a success answer`);
    for (const [status, shared] of Object.entries(op.responses)) {
      const r = answer(shared);
      assert.ok(r.description, `${label} ${status}: description`);
      if (Number(status) >= 400 && method !== 'head') {
        const codes = documentedCodes(r.content?.['application/json']);
        assert.ok(codes.length > 0, `${label} ${status}: error codes`);
        for (const c of codes) assert.ok(r.description.includes(`\`${c}\``), `${label} ${status}: the description explains ${c}`);
      }
    }
    const codesOf = (status) => documentedCodes(answer(op.responses[status])?.content?.['application/json']);
    if (method !== 'head') assert.ok(codesOf(500).includes('internal_error'), `${label}: 500 internal_error`);
    if (isAdminPath(p)) {
      assert.deepEqual(op.security, [{ ApiKey: [] }], `${label}: ApiKey`);
      assert.ok(codesOf(401).includes('unauthorized'), `${label}: 401 unauthorized`);
      assert.ok(codesOf(429).includes('rate_limited'), `${label}: 429 rate_limited`);
      assert.ok(codesOf(503).includes('admin_not_configured'), `${label}: 503 admin_not_configured`);
    }
    if (op.requestBody?.content?.['application/json']) {
      // Bodies read with parse_json refuse with invalid_json / invalid_request; the webhook
      // parses its own (signed) body and says invalid_payload.
      const malformed = codesOf(400).includes('invalid_payload') ? ['invalid_payload'] : ['invalid_json', 'invalid_request'];
      for (const c of malformed) assert.ok(codesOf(400).includes(c), `${label}: 400 ${c}`);
      assert.ok(codesOf(413).includes('payload_too_large'), `${label}: 413 payload_too_large`);
      const examples = bodyExamples(op);
      assert.ok(examples.length > 0, `${label}: a request example`);
      const schema = op.requestBody.content['application/json'].schema;
      for (const e of examples) assert.deepEqual(check(e.value, schema), [], `${label}: example ${e.name} fits the schema`);
    }
    const query = (op.parameters ?? []).filter((x) => x.in === 'query');
    if (query.length) assert.ok(query.some((x) => 'example' in x), `${label}: a query example`);
    for (const x of op.parameters ?? []) if ('example' in x) assert.deepEqual(check(x.example, x.schema), [], `${label}: ${x.name} example`);
  }
  assert.deepEqual(spec.components.securitySchemes.ApiKey, { ...spec.components.securitySchemes.ApiKey, type: 'apiKey', in: 'header', name: 'X-API-Key' });
  const webhook = spec.paths['/webhook/sellauth'].post;
  assert.ok(webhook.parameters.some((x) => x.in === 'header' && x.name === 'X-Signature' && x.required), 'the webhook documents X-Signature');
  assert.ok(webhook.responses[200].content['text/plain'], 'the webhook answers text/plain');
  for (const csv of ['/api/admin/codes.csv', '/api/admin/redemptions.csv']) assert.ok(spec.paths[csv].get.responses[200].content['text/csv'], `${csv} answers text/csv`);
  for (const name of ['SuccessEnvelope', 'ErrorEnvelope']) assert.ok(spec.components.schemas[name], name);
});

/** Real values for the examples' placeholders: codes, orders, products, an invoice. */
async function fixtures() {
  const ytSubs = { service_id: 101, quantity: 1000, platform: 'youtube', service_type: 'subscribers', has_refill: true };
  const fresh = async () => (await mintCodes(shop, ytSubs))[0];
  const redeemed = async () => {
    const code = await fresh();
    const res = await shop.json('/api/redeem', { code, link: 'https://www.youtube.com/@SomeChannel' });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    shop.panel.setOrderStatus(res.body.data.order_id, { status: 'Completed', remains: 0, start_count: 120 });
    return { code, order: res.body.data.order_id };
  };
  const used = await redeemed();
  const refillable = await redeemed();

  const review = await fresh();
  shop.panel.fail('add', 'garbage');
  const held = await shop.json('/api/redeem', { code: review, link: 'https://www.youtube.com/@SomeChannel' });
  assert.equal(held.status, 504, JSON.stringify(held.body));

  const product = async (body) => {
    const res = await shop.json('/api/admin/products', body, { headers: adminHeaders });
    assert.equal(res.status, 201, JSON.stringify(res.body));
    return res.body.data.product.product_id;
  };
  const igFollowers = { service_id: 201, quantity: 1000, platform: 'instagram', service_type: 'followers', has_refill: true };
  const toUpdate = await product({ product_id: 'fixture-update', ...ytSubs });
  const toDelete = await product({ product_id: 'fixture-delete', ...ytSubs });
  // The webhook example's product is mapped, so its delivery delivers.
  const [webhookExample] = bodyExamples(spec.paths['/webhook/sellauth'].post);
  await product({ product_id: webhookExample.value.item.product_id, ...igFollowers });

  const invoice = '770001';
  const raw = JSON.stringify({ ...webhookExample.value, id: Number(invoice), item: { ...webhookExample.value.item, id: 1, invoice_id: Number(invoice) } });
  const delivered = await shop.fetch('/webhook/sellauth', { method: 'POST', headers: { 'content-type': 'application/json', 'x-signature': sign(raw) }, body: raw });
  assert.equal(delivered.status, 200, await delivered.text());

  const unused = [await fresh(), await fresh(), await fresh()];
  // operationId -> values for path parameters, query parameters and body fields the example has.
  return {
    validateCode: { body: { code: unused[0] } },
    redeemCode: { body: { code: unused[1] } },
    listUserRedemptions: { body: { code: used.code } },
    getOrderByCode: { params: { code: used.code } },
    requestRefill: { body: { code: refillable.code } },
    getOrderStatus: { query: { order_id: used.order } },
    adminGetCode: { params: { code: used.code } },
    adminVoidCode: { params: { code: unused[2] } },
    adminResolveCode: { params: { code: review } },
    adminGetOrder: { params: { order: used.order } },
    adminRefillOrder: { params: { order: used.order } },
    // The product-wide mappings of these products: no variant.
    adminUpdateProduct: { params: { product_id: toUpdate }, query: { variant_id: '' } },
    adminDeleteProduct: { params: { product_id: toDelete }, query: { variant_id: '' } },
    checkLink: { body: { code: unused[0] } },
    adminVoidInvoice: { params: { invoice } },
    notifyMe: { params: { code: used.code } },
    // The one-click link's token: the address's HMAC keyed by the admin key (commands::updates).
    unsubscribePage: { query: { token: unsubscribeToken } },
    unsubscribe: { query: { token: unsubscribeToken } },
  };
}

const unsubscribeToken = createHmac('sha256', `unsubscribe:${SECRETS.ADMIN_API_KEY}`).update('buyer@example.com').digest('hex');

/** Sends one request of an operation and checks the answer against the spec. Returns the status. */
async function sendAndCheck({ path: p, method, op }, fill, example) {
  let url = p.replace(/\{(\w+)\}/g, (_, name) => {
    const param = op.parameters.find((x) => x.in === 'path' && x.name === name);
    return encodeURIComponent(String(fill.params?.[name] ?? param.example));
  });
  const query = new URLSearchParams();
  for (const x of (op.parameters ?? []).filter((x) => x.in === 'query')) {
    const v = fill.query?.[x.name] ?? x.example;
    if (v !== undefined) query.set(x.name, String(v));
  }
  if ([...query].length) url += `?${query}`;

  const headers = needsKey(op) ? { ...adminHeaders } : {};
  let raw;
  if (example) {
    const body = structuredClone(example.value);
    for (const [k, v] of Object.entries(fill.body ?? {})) if (k in body) body[k] = v;
    raw = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  for (const x of (op.parameters ?? []).filter((x) => x.in === 'header' && x.required)) {
    if (x.name === 'X-Signature') headers['x-signature'] = sign(raw ?? '');
    else if (x.name.startsWith('X-Signature-')) Object.assign(headers, discord.headers(raw ?? ''));
    else if (x.name === 'X-Telegram-Bot-Api-Secret-Token') headers['x-telegram-bot-api-secret-token'] = TELEGRAM_SECRET;
    else assert.fail(`${op.operationId}: a required header the test knows (${x.name})`);
  }
  const label = `${method.toUpperCase()} ${url}${example ? ` [${example.name}]` : ''}`;
  const res = await shop.fetch(url, { method: method.toUpperCase(), headers, body: raw });
  const text = await res.text();
  const documented = answer(op.responses[String(res.status)]);
  assert.ok(documented, `${label}: ${res.status} is not documented (${Object.keys(op.responses)}): ${text.slice(0, 300)}`);
  if (method === 'head') {
    assert.equal(text, '', `${label}: no body`);
    return res.status;
  }
  const type = (res.headers.get('content-type') ?? '').split(';')[0].trim();
  const media = documented.content?.[type];
  assert.ok(media, `${label}: ${res.status} answered ${type}, documented ${Object.keys(documented.content ?? {})}`);
  // Discord reads its own shapes; its refusals before parsing are the envelope.
  if (type === 'application/json' && p.startsWith('/discord/') && res.status === 200) {
    assert.deepEqual(check(JSON.parse(text), media.schema), [], `${label}: the answer fits the spec: ${text.slice(0, 400)}`);
  } else if (type === 'application/json') {
    const body = JSON.parse(text);
    assert.equal(typeof body.success, 'boolean', `${label}: success`);
    assert.equal(typeof body.message, 'string', `${label}: message`);
    assert.equal(body.success, res.status < 400, `${label}: success matches the status`);
    if (body.success) assert.ok('data' in body, `${label}: data`);
    else {
      assert.equal(typeof body.error?.code, 'string', `${label}: error.code`);
      assert.ok(documentedCodes(media).includes(body.error.code), `${label}: ${res.status} ${body.error.code} is not documented (${documentedCodes(media)})`);
    }
    assert.deepEqual([...check(body, media.schema), ...undocumented(body, media.schema)], [], `${label}: the answer fits the spec: ${text.slice(0, 400)}`);
  } else {
    assert.ok(text.length > 0, `${label}: a ${type} body`);
  }
  return res.status;
}

test('every documented example, sent to the worker, answers a documented status, media type and shape', async (t) => {
  const fill = await fixtures();
  const seen = [];
  for (const operation of operations()) {
    await t.test(operation.op.operationId, async () => {
      const examples = bodyExamples(operation.op);
      const statuses = [];
      for (const example of examples.length ? examples : [null]) {
        statuses.push(await sendAndCheck(operation, fill[operation.op.operationId] ?? {}, example));
      }
      seen.push(`${operation.op.operationId} ${statuses.join(',')}`);
      assert.ok(statuses.some((s) => s >= 200 && s < 300), `${operation.op.operationId}: some example succeeds (${statuses})`);
    });
  }
  t.diagnostic(seen.join('; '));
  assert.equal(seen.length, operations().length, 'every operation ran');
});

// The documented request bodies against what the worker reads: a closed body (no other
// properties) refuses a field it does not document, and a required field is required. The
// bodies are read field by field (core::json::Fields), so this is where the two would drift.
test('every request body refuses an undocumented field when closed, and needs each required field', async () => {
  let client = 0;
  const send = async (p, method, op, body) => {
    const headers = { 'content-type': 'application/json', 'cf-connecting-ip': `203.0.113.${++client % 250}` };
    if (needsKey(op)) Object.assign(headers, adminHeaders);
    const url = p.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(op.parameters.find((x) => x.name === name).example)));
    const res = await shop.fetch(url, { method: method.toUpperCase(), headers, body: JSON.stringify(body) });
    return { status: res.status, body: await res.json() };
  };
  const refusedAsDocumented = (op, label, res) => {
    assert.ok([400, 422].includes(res.status), `${label}: ${res.status} ${JSON.stringify(res.body)}`);
    assert.ok(documentedCodes(answer(op.responses[res.status])?.content?.['application/json']).includes(res.body.error.code), `${label}: ${res.body.error.code} is documented`);
  };
  // A mapping is looked up before its body is read: the PUT's example product must exist.
  const put = spec.paths['/api/admin/products/{product_id}'].put;
  const { variant_id: _, ...wide } = bodyExamples(put)[0].value;
  const mapped = await shop.json('/api/admin/products', { ...wide, product_id: String(put.parameters.find((x) => x.name === 'product_id').example) }, { headers: adminHeaders });
  // 409: the examples' own run mapped it already.
  assert.ok([201, 409].includes(mapped.status), JSON.stringify(mapped.body));
  let checked = 0;
  for (const { path: p, method, op } of operations()) {
    if (p.startsWith('/webhook/') || p.startsWith('/discord/') || p.startsWith('/telegram/')) continue;
    const schema = op.requestBody?.content?.['application/json']?.schema;
    const [example] = bodyExamples(op);
    if (!schema || !example || !isType.object(example.value)) continue;
    const all = parts(schema);
    const label = `${method.toUpperCase()} ${p}`;
    if (all.some((x) => x.additionalProperties === false || x.unevaluatedProperties === false)) {
      refusedAsDocumented(op, `${label} with an undocumented field`, await send(p, method, op, { ...example.value, zz_undocumented: 1 }));
      checked++;
    }
    for (const field of new Set(all.flatMap((x) => x.required ?? []))) {
      if (!(field in example.value)) continue;
      const { [field]: _, ...without } = example.value;
      refusedAsDocumented(op, `${label} without ${field}`, await send(p, method, op, without));
      checked++;
    }
  }
  assert.ok(checked > 10, `${checked} bodies checked`);
});

test('OPTIONS preflight answers as the spec describes', async () => {
  const preflight = (p, origin) => shop.fetch(p, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST' } });
  const described = spec['x-cors-preflight'];
  const ok = await preflight('/api/validate-code', ALLOWED_ORIGIN);
  assert.equal(ok.status, described.allowed.status);
  assert.equal(await ok.text(), '');
  for (const [name, value] of Object.entries(described.allowed.headers)) {
    assert.equal(ok.headers.get(name), value === '<the Origin>' ? ALLOWED_ORIGIN : value, name);
  }
  for (const [p, origin] of [['/api/admin/codes', ALLOWED_ORIGIN], ['/webhook/sellauth', ALLOWED_ORIGIN], ['/api/redeem', 'https://evil.example']]) {
    const res = await preflight(p, origin);
    assert.equal(res.status, described.refused.status, p);
    const body = await res.json();
    assert.equal(body.success, false);
    assert.equal(body.error.code, described.refused.code);
    assert.equal(res.headers.get('access-control-allow-origin'), null);
  }
});
