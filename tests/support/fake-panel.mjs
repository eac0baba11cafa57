// A protocol-faithful SMM panel ("API v2", see shared/PROTOCOLS.md) on 127.0.0.1, for the
// end-to-end tests and `npm run demo`. One POST endpoint, form-encoded, `key` + `action`,
// JSON replies, errors as HTTP 200 `{"error": "..."}` like real panels.
//
// Tests drive it in-process: `panel.fail(...)`, `panel.requests`, `panel.setOrderStatus(...)`.
// Run directly: `node tests/support/fake-panel.mjs --port 8788 [--key KEY]`.
import http from 'node:http';
import { pathToFileURL } from 'node:url';

export const CATALOGUE = [
  svc(101, 'YouTube Subscribers [Refill 30 days]', 'YouTube - Subscribers', '2.40', 50, 100000, true),
  svc(102, 'YouTube Views [Non drop]', 'YouTube - Views', '0.90', 100, 1000000, false),
  svc(103, 'YouTube Shorts Views', 'YouTube - Shorts', '0.50', 100, 1000000, false),
  svc(201, 'Instagram Followers [Refill 60 days]', 'Instagram - Followers', '1.20', 50, 50000, true),
  svc(202, 'Instagram Likes', 'Instagram - Likes', '0.30', 20, 20000, false),
  svc(203, 'Instagram Custom Comments', 'Instagram - Comments', '12.00', 5, 1000, false, 'Custom Comments'),
  svc(301, 'TikTok Followers', 'TikTok - Followers', '1.80', 50, 50000, true),
  svc(302, 'TikTok Views', 'TikTok - Views', '0.05', 100, 10000000, false),
  svc(401, 'X (Twitter) Followers', 'X - Followers', '3.10', 50, 20000, false),
  svc(501, 'Twitch Followers', 'Twitch - Followers', '1.10', 50, 20000, false),
  svc(601, 'Spotify Plays', 'Spotify - Plays', '0.70', 500, 1000000, false),
  svc(701, 'Telegram Members', 'Telegram - Members', '1.50', 100, 50000, true),
  svc(777, 'YouTube Subscribers HQ', 'YouTube - Subscribers', '2.90', 50, 100000, true),
  // One of each kind of `add` beyond link + quantity (their `type` says what it needs).
  svc(204, 'Instagram Mentions with Hashtags', 'Instagram - Mentions', '4.00', 10, 10000, false, 'Mentions with Hashtags'),
  svc(205, 'Instagram Auto Likes [new posts]', 'Instagram - Likes', '0.40', 20, 5000, false, 'Subscriptions'),
  svc(206, 'Instagram Likes Package 1000', 'Instagram - Likes', '0.50', 1, 1, false, 'Package'),
  svc(207, 'Instagram Mentions', 'Instagram - Mentions', '3.00', 10, 10000, false, 'Mentions'),
];

// What `add` needs by the service's type (shared/PROTOCOLS.md), as a panel checks it.
const NEEDS = {
  'Default': ['link', 'quantity'],
  'Package': ['link'],
  'Custom Comments': ['link', 'comments'],
  'Custom Comments Package': ['link', 'comments'],
  'Mentions': ['link', 'quantity', 'usernames'],
  'Mentions Custom List': ['link', 'usernames'],
  'Mentions with Hashtags': ['link', 'quantity', 'usernames', 'hashtags'],
  'Mentions Hashtag': ['link', 'quantity', 'hashtag'],
  'Mentions User Followers': ['link', 'quantity', 'username'],
  'Mentions Media Likers': ['link', 'quantity', 'media'],
  'Comment Likes': ['link', 'quantity', 'username'],
  'SEO': ['link', 'quantity', 'keywords'],
  'Poll': ['link', 'quantity', 'answer_number'],
  'Invites from Groups': ['link', 'quantity', 'groups'],
  'Subscriptions': ['username', 'min', 'max'],
};

function svc(service, name, category, rate, min, max, refill, type = 'Default') {
  return { service, name, type, category, rate, min: String(min), max: String(max), refill, cancel: true };
}

export async function startFakePanel({ port = 0, key = null, balance = 100.0, progress = false } = {}) {
  const state = {
    key, // null: accept any non-empty key
    balance,
    // The demo's orders move on by themselves (see `progressed`); tests set statuses by hand.
    progress: progress === true ? { pending: 20_000, running: 60_000 } : progress,
    // This panel's own catalogue: tests and the demo change it (a provider renumbering,
    // repricing or dropping a service).
    catalogue: CATALOGUE.map((s) => ({ ...s })),
    nextOrder: 23501,
    nextRefill: 9001,
    orders: new Map(), // id -> { service, link, quantity, charge, status, start_count, remains }
    refills: new Map(), // id -> { order, status }
    requests: [], // every request received: { action, fields }
    failures: [], // queued behaviours for the next requests: { action, mode, message?, ms? }
  };

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => handle(state, req, Buffer.concat(chunks).toString('utf8'), res));
  });
  // Connections left hanging by 'hang' must not keep the process alive after close().
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}/api/v2`;

  return {
    url,
    state,
    get requests() { return state.requests; },
    /** Requests with this action, e.g. panel.calls('add'). */
    calls(action) { return state.requests.filter((r) => r.action === action); },
    /** The next request with `action` (or any, '*') misbehaves once:
     *  mode 'error' (HTTP 200 {"error": message}), 'hang' (never answers), 'close' (drops the
     *  connection), 'garbage' (HTML 502 page), 'slow' (answers normally after `ms`). */
    fail(action, mode, opts = {}) { state.failures.push({ action, mode, ...opts }); },
    /** A provider changes a service (`fields`), or drops it (`null`). */
    setService(id, fields) {
      const i = state.catalogue.findIndex((s) => s.service === Number(id));
      if (fields === null) state.catalogue.splice(i, 1);
      else Object.assign(state.catalogue[i], fields);
    },
    setOrderStatus(order, fields) { Object.assign(state.orders.get(Number(order)), fields, { pinned: true }); },
    reset() { state.requests.length = 0; state.failures.length = 0; },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function handle(state, req, body, res) {
  const send = (obj, status = 200) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify(obj));
  };
  if (req.method === 'POST' && req.url.startsWith('/demo/')) return demo(state, new URL(req.url, 'http://x'), send);
  if (req.method !== 'POST' || !req.url.startsWith('/api/v2')) return send({ error: 'Not found' }, 404);
  const fields = Object.fromEntries(new URLSearchParams(body));
  const action = fields.action;
  state.requests.push({ action, fields, contentType: req.headers['content-type'] });

  const i = state.failures.findIndex((f) => f.action === action || f.action === '*');
  if (i >= 0) {
    const f = state.failures.splice(i, 1)[0];
    if (f.mode === 'error') return send({ error: f.message ?? 'Error' });
    if (f.mode === 'hang') return; // never answer
    if (f.mode === 'close') return req.socket.destroy();
    if (f.mode === 'garbage') {
      res.writeHead(502, { 'content-type': 'text/html' });
      return res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
    }
    if (f.mode === 'slow') return setTimeout(() => answer(state, action, fields, send), f.ms ?? 1000);
  }
  answer(state, action, fields, send);
}

function answer(state, action, f, send) {
  if (!f.key || (state.key && f.key !== state.key)) return send({ error: 'Invalid API key' });
  const order = (id) => progressed(state, state.orders.get(Number(id)));
  const statusOf = (o) => ({
    charge: o.charge.toFixed(5), start_count: String(o.start_count), status: o.status,
    remains: String(o.remains), currency: 'USD',
  });
  switch (action) {
    case 'balance':
      return send({ balance: state.balance.toFixed(5), currency: 'USD' });
    case 'services':
      return send(state.catalogue);
    case 'add': {
      const s = state.catalogue.find((x) => String(x.service) === String(f.service));
      if (!s) return send({ error: 'Incorrect service ID' });
      const needs = NEEDS[s.type] ?? NEEDS.Default;
      const missing = needs.find((k) => !f[k]);
      if (missing) return send({ error: missing === 'link' ? 'Incorrect link' : `Incorrect request: ${missing} is required` });
      // Comments bill one unit per line; a package is one unit; a subscription its max per post.
      const commentLines = (f.comments ?? '').split('\n').filter(Boolean).length;
      const qty = needs.includes('quantity') ? Number(f.quantity)
        : s.type.startsWith('Custom Comments') ? commentLines
          : s.type === 'Subscriptions' ? Number(f.max) : 1;
      if (!Number.isInteger(qty) || qty < Number(s.min)) return send({ error: `Quantity less than minimal ${s.min}` });
      if (qty > Number(s.max)) return send({ error: `Quantity more than maximal ${s.max}` });
      const runs = f.runs ? Number(f.runs) : 1;
      const charge = (Number(s.rate) * qty * runs) / 1000;
      if (charge > state.balance) return send({ error: 'Not enough funds on balance' });
      state.balance -= charge;
      const id = state.nextOrder++;
      state.orders.set(id, { service: s.service, link: f.link ?? `@${f.username}`, quantity: qty, charge, status: 'Pending', start_count: 0, remains: qty, placedAt: Date.now() });
      return send({ order: id });
    }
    case 'status': {
      if (f.orders) {
        const out = {};
        for (const id of f.orders.split(',')) out[id] = order(id) ? statusOf(order(id)) : { error: 'Incorrect order ID' };
        return send(out);
      }
      return order(f.order) ? send(statusOf(order(f.order))) : send({ error: 'Incorrect order ID' });
    }
    case 'refill': {
      const one = (id) => {
        const o = order(id);
        if (!o) return { error: 'Incorrect order ID' };
        if (o.status !== 'Completed') return { error: 'Order not eligible for refill.' };
        const r = state.nextRefill++;
        state.refills.set(r, { order: Number(id), status: 'Pending' });
        return r;
      };
      if (f.orders) return send(f.orders.split(',').map((id) => ({ order: Number(id), refill: one(id) })));
      const r = one(f.order);
      return typeof r === 'number' ? send({ refill: String(r) }) : send(r);
    }
    case 'refill_status': {
      const one = (id) => state.refills.get(Number(id));
      if (f.refills) return send(f.refills.split(',').map((id) => ({ refill: Number(id), status: one(id) ? one(id).status : { error: 'Refill not found' } })));
      return one(f.refill) ? send({ status: one(f.refill).status }) : send({ error: 'Refill not found' });
    }
    case 'cancel':
      return send((f.orders ?? '').split(',').map((id) => {
        const o = order(id);
        if (!o) return { order: Number(id), cancel: { error: 'Incorrect order ID' } };
        o.status = 'Canceled';
        return { order: Number(id), cancel: 1 };
      }));
    default:
      return send({ error: 'Incorrect request' });
  }
}

/** The demo's controls (README, "When the panel cannot deliver"), so a new user can see held
 *  orders and make-good without a real panel:
 *    POST /demo/balance?set=0                          the panel runs out of funds (or tops up)
 *    POST /demo/orders/23501?status=Canceled           the panel cancels an order
 *    POST /demo/orders/23501?status=Partial&remains=400  or part-delivers it
 *    POST /demo/services/101?rate=3.10&min=2000         a provider reprices or changes a service
 *    POST /demo/services/101?drop=1                     or drops it */
function demo(state, url, send) {
  if (url.pathname === '/demo/balance') {
    state.balance = Number(url.searchParams.get('set') ?? state.balance);
    return send({ balance: state.balance.toFixed(5) });
  }
  const svc = /^\/demo\/services\/(\d+)$/.exec(url.pathname);
  if (svc) {
    const i = state.catalogue.findIndex((s) => s.service === Number(svc[1]));
    if (i < 0) return send({ error: 'Incorrect service ID' }, 404);
    if (url.searchParams.has('drop')) return send({ dropped: state.catalogue.splice(i, 1)[0].service });
    const s = state.catalogue[i];
    for (const k of ['name', 'type', 'rate', 'min', 'max']) if (url.searchParams.has(k)) s[k] = url.searchParams.get(k);
    if (url.searchParams.has('refill')) s.refill = url.searchParams.get('refill') === 'true';
    return send(s);
  }
  const m = /^\/demo\/orders\/(\d+)$/.exec(url.pathname);
  const o = m && state.orders.get(Number(m[1]));
  if (!o) return send({ error: 'Incorrect order ID' }, 404);
  const status = url.searchParams.get('status') ?? o.status;
  const remains = Number(url.searchParams.get('remains') ?? (status === 'Canceled' ? o.quantity : o.remains));
  Object.assign(o, { status, remains, pinned: true });
  return send({ order: Number(m[1]), status: o.status, remains: String(o.remains) });
}

/** With `progress` ({pending, running} in ms; `true`: 20 s and a minute), an order is Pending,
 *  then In progress (remains falling), then Completed, as a real panel's would be; an order
 *  set by hand stays as set. */
function progressed(state, o) {
  if (!o || !state.progress || o.pinned) return o;
  const { pending, running } = state.progress;
  const t = Date.now() - o.placedAt;
  if (t < pending) return Object.assign(o, { status: 'Pending', remains: o.quantity });
  o.start_count ||= 1200 + (o.placedAt % 800);
  if (t < pending + running) return Object.assign(o, { status: 'In progress', remains: Math.ceil(o.quantity * (1 - (t - pending) / running)) });
  return Object.assign(o, { status: 'Completed', remains: 0 });
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const arg = (name) => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
  const panel = await startFakePanel({ port: Number(arg('--port') ?? 8788), key: arg('--key') ?? null, progress: process.argv.includes('--progress') });
  console.error(`[fake-panel] listening on ${panel.url}`);
  process.on('SIGTERM', () => panel.close().then(() => process.exit(0)));
  process.on('SIGINT', () => panel.close().then(() => process.exit(0)));
}
