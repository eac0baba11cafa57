// The browser the end-to-end browser tests drive (playwright-core never downloads one):
// CHROME_PATH, else a Chrome, Chromium or Edge in the usual places of Linux, macOS and
// Windows. Only when none is found and this runs as root on Debian does it install Debian's
// `chromium`; otherwise it says how to get one and stops. Only `npm test` asks for it.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { run, say } from './env.mjs';

/** Where browsers live, in the order they are tried, for this system. */
export function candidates(platform = process.platform, env = process.env) {
  if (platform === 'darwin') {
    return ['Google Chrome.app/Contents/MacOS/Google Chrome', 'Chromium.app/Contents/MacOS/Chromium',
      'Microsoft Edge.app/Contents/MacOS/Microsoft Edge', 'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary']
      .flatMap((app) => [`/Applications/${app}`, path.join(env.HOME ?? '', 'Applications', app)]);
  }
  if (platform === 'win32') {
    const roots = [env.PROGRAMFILES, env['PROGRAMFILES(X86)'], env.LOCALAPPDATA].filter(Boolean);
    return roots.flatMap((r) => [path.win32.join(r, 'Google/Chrome/Application/chrome.exe'),
      path.win32.join(r, 'Microsoft/Edge/Application/msedge.exe'), path.win32.join(r, 'Chromium/Application/chrome.exe')]);
  }
  return ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable',
    '/snap/bin/chromium', '/usr/bin/microsoft-edge', '/usr/bin/microsoft-edge-stable', '/opt/google/chrome/chrome'];
}

/** `{ path }` of the browser to use, or `{ error }` saying why there is none. */
export function findChrome({ env = process.env, platform = process.platform, exists = existsSync } = {}) {
  if (env.CHROME_PATH) {
    return exists(env.CHROME_PATH) ? { path: env.CHROME_PATH } : { error: `CHROME_PATH is ${env.CHROME_PATH}, and there is no file there.` };
  }
  const found = candidates(platform, env).find((p) => exists(p));
  return found ? { path: found } : { error: 'No Chrome, Chromium or Edge was found.' };
}

const isDebianRoot = () => process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/etc/debian_version');

/** The browser's path for the tests, installing Debian's chromium only as root on Debian. */
export function ensureChrome() {
  let found = findChrome();
  if (found.path) return found.path;
  if (!process.env.CHROME_PATH && isDebianRoot()) {
    say("no browser for the browser tests: installing Debian's chromium (apt-get, about a minute)");
    run('apt-get', ['update', '-qq']);
    run('apt-get', ['install', '-y', '-qq', 'chromium'], { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
    found = findChrome();
    if (found.path) return found.path;
  }
  const distro = existsSync('/etc/os-release') ? /^ID=(.*)$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] : null;
  process.stderr.write(`${found.error} npm test drives one for its browser tests.\n\n  - install Google Chrome (https://www.google.com/chrome) or Chromium${distro ? ` (e.g. sudo apt install chromium, or your distribution's package)` : ''}, or Microsoft Edge;\n  - or point CHROME_PATH at one you have: CHROME_PATH=/path/to/chrome npm test\n\n`);
  process.exit(1);
}
