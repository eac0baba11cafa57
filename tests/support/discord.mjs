// A stand-in for a Discord channel's webhook endpoint on 127.0.0.1: records what it is sent.
import http from 'node:http';

/** { url, messages, close() } */
export async function startDiscord() {
  const messages = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => { messages.push(JSON.parse(body)); res.writeHead(204).end(); });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/api/webhooks/1/token`,
    messages,
    close: () => new Promise((r) => server.close(r)),
  };
}
