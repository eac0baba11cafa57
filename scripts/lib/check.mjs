// The first thing every command does: is what it needs there? Says in plain words what is
// missing and how to get it, then stops (exit 1), within a second: never a "command not
// found" from deep inside a build. `node scripts/lib/check.mjs` runs it alone.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CARGO_BIN, WINDOWS } from './env.mjs';

export const MIN_NODE = 20;

/** Where `name` would run from: ~/.cargo/bin for Rust's tools, else the PATH. */
export function findTool(name, { pathVar = process.env.PATH ?? '', cargoBin = CARGO_BIN } = {}) {
  const exts = WINDOWS ? ['.exe', '.cmd', '.bat', ''] : [''];
  const dirs = [cargoBin, ...pathVar.split(path.delimiter)].filter(Boolean);
  for (const dir of dirs) {
    for (const ext of exts) {
      const p = path.join(dir, name + ext);
      if (existsSync(p)) return p;
    }
  }
  return null;
}

/** What is missing, each with how to get it; empty when all is there. */
export function missing({ nodeVersion = process.versions.node, find = findTool } = {}) {
  const out = [];
  const major = Number(nodeVersion.split('.')[0]);
  if (!(major >= MIN_NODE)) {
    out.push(`Node.js ${MIN_NODE} or newer (this is ${nodeVersion}): get the LTS from https://nodejs.org, or use nvm / fnm.`);
  }
  if (!find('rustup') || !find('cargo')) {
    out.push(WINDOWS
      ? 'Rust, through rustup: download rustup-init.exe from https://rustup.rs and run it (it offers the Visual Studio C++ build tools Rust needs); then open a new terminal.'
      : 'Rust, through rustup: run  curl --proto \'=https\' --tlsv1.2 -sSf https://sh.rustup.rs | sh  (see https://rustup.rs), then open a new terminal.');
  }
  if (!find('git')) out.push('git: https://git-scm.com/downloads (or your package manager: apt install git, brew install git, winget install Git.Git).');
  return out;
}

export function checkOrExit(options) {
  const gaps = missing(options);
  if (!gaps.length) return;
  process.stderr.write(`redeem-edge needs a few things this machine does not have yet:\n\n${gaps.map((g) => `  - ${g}`).join('\n')}\n\nInstall them, then run the same command again. (README: "Before you start".)\n`);
  process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  checkOrExit();
  process.stderr.write('redeem-edge: Node.js, Rust (rustup, cargo) and git are all here.\n');
}
