// The commands where shop owners work: the prerequisite check says what is missing in plain
// words within seconds (run for real with an empty PATH), a too-old Node is named, and the
// browser for the tests is found the same way on Linux, macOS and Windows.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { missing } from '../scripts/lib/check.mjs';
import { candidates, findChrome } from '../scripts/lib/chrome.mjs';
import { ROOT } from './support/worker.mjs';

test('with an empty PATH and no Rust, the check names what to install and exits 1 at once', () => {
  const home = mkdtempSync(path.join(tmpdir(), 'redeem-edge-nohome-'));
  const started = Date.now();
  for (const command of [['scripts/lib/check.mjs'], ['scripts/tasks.mjs', 'start']]) {
    const r = spawnSync(process.execPath, command, { cwd: ROOT, env: { PATH: '', HOME: home, USERPROFILE: home, CARGO_HOME: path.join(home, '.cargo') }, encoding: 'utf8' });
    assert.equal(r.status, 1, r.stderr);
    assert.match(r.stderr, /needs a few things this machine does not have yet/);
    assert.match(r.stderr, /Rust, through rustup: .*https:\/\/rustup\.rs|rustup\.rs/);
    assert.match(r.stderr, /git: https:\/\/git-scm\.com/);
    assert.doesNotMatch(r.stderr, /command not found|ENOENT|at .*\.mjs:\d+/, 'plain words, no stack');
  }
  assert.ok(Date.now() - started < 10_000, 'within seconds');
  // On this machine, with its real PATH, nothing is missing.
  const ok = spawnSync(process.execPath, ['scripts/lib/check.mjs'], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stderr);
});

test('a too-old Node is named with how to get a new one', () => {
  const found = () => '/usr/bin/x';
  assert.deepEqual(missing({ nodeVersion: '22.23.3', find: found }), []);
  const [gap] = missing({ nodeVersion: '18.19.1', find: found });
  assert.match(gap, /Node\.js 20 or newer \(this is 18\.19\.1\): .*nodejs\.org/);
});

test('the browser: CHROME_PATH first, then the usual places of each system', () => {
  const at = (...paths) => (p) => paths.includes(p);
  assert.deepEqual(findChrome({ env: { CHROME_PATH: '/opt/my/chrome' }, platform: 'linux', exists: at('/opt/my/chrome', '/usr/bin/chromium') }), { path: '/opt/my/chrome' });
  assert.match(findChrome({ env: { CHROME_PATH: '/nope' }, platform: 'linux', exists: at('/usr/bin/chromium') }).error, /CHROME_PATH is \/nope/);
  assert.deepEqual(findChrome({ env: {}, platform: 'linux', exists: at('/usr/bin/google-chrome') }), { path: '/usr/bin/google-chrome' });
  assert.deepEqual(findChrome({ env: { HOME: '/Users/me' }, platform: 'darwin', exists: at('/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge') }),
    { path: '/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge' });
  const win = candidates('win32', { PROGRAMFILES: 'C:\\Program Files', LOCALAPPDATA: 'C:\\Users\\me\\AppData\\Local' });
  assert.ok(win.includes('C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'), win.join(' | '));
  assert.ok(win.some((p) => p.endsWith('msedge.exe')));
  assert.match(findChrome({ env: {}, platform: 'linux', exists: () => false }).error, /No Chrome, Chromium or Edge/);
});

test('the npm commands are Node scripts: nothing asks for bash, sed or sha256sum', async () => {
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  for (const [name, cmd] of Object.entries(pkg.scripts)) assert.match(cmd, /^node scripts\//, `${name}: ${cmd}`);
  assert.match(readFileSync(path.join(ROOT, 'wrangler.toml'), 'utf8'), /^command = "node scripts\/lib\/build\.mjs"$/m);
});
