// The Worker's entry: the Rust worker (built by scripts/lib/bundle.mjs, worker-build's steps),
// wrapped so that even a panic (a trapped WebAssembly instance) answers in the API's one JSON
// envelope with a request id and the security headers, never an opaque 500. The glue's shim
// (scripts/lib/worker-shim.js) re-creates the instance for the next request.
import { WorkerEntrypoint } from 'cloudflare:workers';
import RustWorker from '../build/index.js';

const MESSAGE = 'Something went wrong on our side. Please try again in a moment; if you were redeeming a code, check its status first.';

function panicResponse() {
  const requestId = crypto.randomUUID().replaceAll('-', '').slice(0, 16);
  const body = { success: false, message: MESSAGE, error: { code: 'internal_error', message: MESSAGE, request_id: requestId } };
  return new Response(JSON.stringify(body), {
    status: 500,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'cache-control': 'no-store',
      'x-request-id': requestId,
      'content-security-policy': "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  });
}

export default class extends WorkerEntrypoint {
  // The Cron Trigger: failures are logged by the runtime and retried on the next tick.
  async scheduled(controller) {
    return new RustWorker(this.ctx, this.env).scheduled(controller);
  }

  async fetch(request) {
    try {
      return await new RustWorker(this.ctx, this.env).fetch(request);
    } catch (err) {
      console.error('worker failed:', err);
      return panicResponse();
    }
  }
}
