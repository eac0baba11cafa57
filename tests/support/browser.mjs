// Drives a Chrome, Chromium or Edge through playwright-core, which never downloads a browser
// of its own: CHROME_PATH (npm test sets it), else the one scripts/lib/chrome.mjs finds.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { findChrome } from '../../scripts/lib/chrome.mjs';
import { ROOT, SECRETS } from './worker.mjs';

const found = findChrome();
export const CHROMIUM = found.path;
export const ARTIFACTS = path.join(ROOT, 'tests/artifacts');

/** A headless chromium that stays off the network except for the pages a test opens. */
export function launchBrowser() {
  if (!CHROMIUM) throw new Error(`${found.error} Set CHROME_PATH, or run npm test (it says how to get one).`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** Saves a full-page PNG as tests/artifacts/<name>.png (git-ignored) and returns its path. */
export async function screenshot(page, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** Waits until the (first) element is visible and its text matches, then returns the text.
 *  On timeout, fails with the text a person would actually have seen. */
export async function seeText(page, selector, pattern) {
  const loc = page.locator(selector).first();
  await loc.waitFor({ state: 'visible' });
  try {
    await page.waitForFunction(
      ([sel, src, flags]) => new RegExp(src, flags).test(document.querySelector(sel)?.textContent ?? ''),
      [selector, pattern.source, pattern.flags],
    );
  } catch {
    assert.fail(`${selector} shows ${JSON.stringify(await loc.textContent())}, expected ${pattern}`);
  }
  return (await loc.textContent()).trim();
}

/** The dashboard as its owner opens it: /admin, the key typed into the login form, sent.
 *  `key: null` stops at the login form (a test of the form itself). */
export async function openAdmin(page, base, { key = SECRETS.ADMIN_API_KEY } = {}) {
  await page.goto(base + '/admin');
  await page.locator('#login-form').waitFor({ state: 'visible' });
  if (key !== null) await logIn(page, key);
  return page;
}

/** Types a key into the dashboard's login form and sends it. */
export async function logIn(page, key = SECRETS.ADMIN_API_KEY) {
  await page.locator('#api-key').fill(key);
  await page.locator('#login-submit').click();
}
