// Drops the wasm's "name" custom section (function names for stack traces: about 215 KB of
// the module, 60 KB gzipped). The build runs wasm-opt with --debuginfo (as worker-build
// does), which writes it back whatever else is asked, so it goes here, byte for byte: every other section is kept
// as it is. A panic still logs its message. Usage: node scripts/strip-names.mjs file.wasm
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
const wasm = readFileSync(file);
if (wasm.readUInt32LE(0) !== 0x6d736100) throw new Error(`${file} is not a wasm module`);

function leb(buf, at) {
  let value = 0, shift = 0, byte;
  do { byte = buf[at++]; value += (byte & 0x7f) * 2 ** shift; shift += 7; } while (byte & 0x80);
  return [value, at];
}

const kept = [wasm.subarray(0, 8)];
let at = 8, dropped = 0;
while (at < wasm.length) {
  const start = at;
  const id = wasm[at++];
  const [size, body] = leb(wasm, at);
  const end = body + size;
  let name = null;
  if (id === 0) {
    const [len, text] = leb(wasm, body);
    name = wasm.subarray(text, text + len).toString('utf8');
  }
  if (name === 'name') dropped += end - start;
  else kept.push(wasm.subarray(start, end));
  at = end;
}
if (dropped) writeFileSync(file, Buffer.concat(kept));
console.error(`[redeem-edge] ${file}: ${dropped ? `dropped the name section (${dropped} bytes)` : 'no name section'}`);
