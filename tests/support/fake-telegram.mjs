// A stand-in for Telegram's Bot API on 127.0.0.1: records every call the worker makes
// (`POST /bot<token>/<method>`, JSON) and answers as Telegram does ({"ok": true, "result"}).
import http from 'node:http';

export async function startTelegram({ token }) {
  const calls = [];
  let nextMessage = 500;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const m = /^\/bot([^/]+)\/(\w+)$/.exec(req.url);
      res.writeHead(200, { 'content-type': 'application/json' });
      if (!m || m[1] !== token) return res.end(JSON.stringify({ ok: false, error_code: 401, description: 'Unauthorized' }));
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
      calls.push({ method: m[2], body });
      const result = m[2] === 'answerCallbackQuery' ? true : { message_id: nextMessage++, chat: { id: body.chat_id }, text: body.text };
      res.end(JSON.stringify({ ok: true, result }));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    calls,
    /** The calls of one method, e.g. sent('sendMessage'). */
    sent: (method) => calls.filter((c) => c.method === method),
    /** Waits until `n` calls of `method` have arrived (the worker replies after answering). */
    async waitFor(method, n, ms = 8000) {
      const until = Date.now() + ms;
      while (calls.filter((c) => c.method === method).length < n) {
        if (Date.now() > until) throw new Error(`only ${calls.filter((c) => c.method === method).length} of ${n} ${method} calls: ${JSON.stringify(calls)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      return calls.filter((c) => c.method === method);
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
