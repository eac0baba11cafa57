// A stand-in for Discord's REST API (v10) on 127.0.0.1: the interaction follow-ups the worker
// sends (edit the deferred answer, add a message) and the command registration of
// scripts/discord-register.mjs. It records every request so tests assert on what Discord
// would have received. Put `api.url` in DISCORD_API_URL.
//
//   const api = await startDiscordApi();
//   const edit = await api.waitFor((r) => r.method === 'PATCH', 5000);
//   api.respondNext(401, { message: '401: Unauthorized', code: 0 }); // the next request fails
import http from 'node:http';

const BASE = '/api/v10';
let counter = 0;

/** A Discord-looking id (a snowflake: milliseconds since 2015 in the high bits). */
export function snowflake() {
  counter = (counter + 1) % 4096;
  return ((BigInt(Date.now() - 1420070400000) << 22n) | BigInt(counter)).toString();
}

/** { url, requests, waitFor(predicate, ms), respondNext(status, body), original(token), close() } */
export async function startDiscordApi() {
  const requests = [];
  const waiters = new Set();
  const queued = []; // answers for the next requests, instead of the normal ones
  const originals = new Map(); // token -> the message @original now holds

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try {
        body = raw ? JSON.parse(raw) : null;
      } catch {
        body = null;
      }
      const { pathname, searchParams } = new URL(req.url, 'http://localhost');
      const decoded = decodeURIComponent(pathname);
      const path = decoded.startsWith(BASE) ? decoded.slice(BASE.length) : decoded;
      const request = {
        method: req.method,
        path,
        query: Object.fromEntries(searchParams),
        headers: req.headers,
        body,
        raw,
        at: Date.now(),
      };
      requests.push(request);
      const [status, answer] = queued.length ? queued.shift() : route(request, originals);
      if (answer === undefined) res.writeHead(status).end();
      else {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(typeof answer === 'string' ? answer : JSON.stringify(answer));
      }
      for (const w of [...waiters]) w(request);
    });
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    url: `http://127.0.0.1:${server.address().port}${BASE}`,
    requests,
    /** Resolves with the first request (already received or still to come) that matches. */
    waitFor(predicate, ms = 5000) {
      const seen = requests.find(predicate);
      if (seen) return Promise.resolve(seen);
      return new Promise((resolve, reject) => {
        const done = (r) => {
          if (!predicate(r)) return;
          waiters.delete(done);
          clearTimeout(timer);
          resolve(r);
        };
        const timer = setTimeout(() => {
          waiters.delete(done);
          const got = requests.map((r) => `${r.method} ${r.path}`).join(', ') || 'nothing';
          reject(new Error(`the Discord API stand-in saw no matching request in ${ms} ms (got: ${got})`));
        }, ms);
        waiters.add(done);
      });
    },
    /** The next request gets this answer instead of the normal one (queue several). */
    respondNext(status, body) {
      queued.push([status, body]);
    },
    /** The message the interaction `token`'s @original holds now (after the last PATCH). */
    original(token) {
      return originals.get(token) ?? null;
    },
    close() {
      for (const s of sockets) s.destroy();
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The normal answer: [status, body]. */
function route(request, originals) {
  const { method, path, body } = request;
  let m;
  if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
    const [, app, token] = m;
    if (method === 'PATCH') {
      const message = { ...(originals.get(token) ?? message0(app)), ...messageFields(body) };
      originals.set(token, message);
      return [200, message];
    }
    if (method === 'GET') {
      return originals.has(token) ? [200, originals.get(token)] : notFound('Unknown Message', 10008);
    }
    if (method === 'DELETE') {
      originals.delete(token);
      return [204, undefined];
    }
  }
  if ((m = path.match(/^\/webhooks\/(\d+)\/([^/]+)$/)) && method === 'POST') {
    return [200, { ...message0(m[1]), ...messageFields(body) }];
  }
  if ((m = path.match(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/)) && method === 'PUT') {
    const [, app, guild] = m;
    if (!Array.isArray(body)) return [400, { message: 'Invalid Form Body', code: 50035 }];
    return [200, body.map((c) => ({
      id: snowflake(),
      application_id: app,
      version: snowflake(),
      ...(guild ? { guild_id: guild } : {}),
      default_member_permissions: null,
      type: 1,
      nsfw: false,
      ...c,
    }))];
  }
  return notFound('404: Not Found', 0);
}

function notFound(message, code) {
  return [404, { message, code }];
}

function message0(app) {
  return {
    id: snowflake(),
    type: 0,
    content: '',
    channel_id: '1100000000000000004',
    author: { id: app, username: 'redeem-edge', bot: true },
    embeds: [],
    components: [],
    attachments: [],
    mentions: [],
    pinned: false,
    tts: false,
    timestamp: new Date().toISOString(),
    flags: 64,
    application_id: app,
    webhook_id: app,
  };
}

function messageFields(body) {
  const out = {};
  for (const k of ['content', 'components', 'embeds', 'flags']) {
    if (body && body[k] !== undefined) out[k] = body[k];
  }
  return out;
}
