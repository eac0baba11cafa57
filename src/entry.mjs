// The Worker's entry: the Rust worker built by worker-build, wrapped so that even a panic
// (a trapped WebAssembly instance) answers in the API's one JSON envelope, never an opaque 500.
// worker-build's own glue re-creates the instance for the next request.
import { WorkerEntrypoint } from 'cloudflare:workers';
import RustWorker from '../build/index.js';

const PANIC_BODY = JSON.stringify({
  success: false,
  message: 'Something went wrong on our side. Nothing was changed; please try again.',
  error: {
    code: 'internal_error',
    message: 'Something went wrong on our side. Nothing was changed; please try again.',
  },
});

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
      return new Response(PANIC_BODY, {
        status: 500,
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
    }
  }
}
