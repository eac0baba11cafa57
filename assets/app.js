// Redemption page: code -> what it buys -> link -> order. Everything a user typed or the
// server said is shown with textContent, never as HTML.
'use strict';
const $ = (id) => document.getElementById(id);
let current = null; // the validated code's data

// A first, friendly check while the buyer types; the server's link rules decide.
const HOSTS = {
  youtube: ['youtube.com', 'youtu.be'], instagram: ['instagram.com'], tiktok: ['tiktok.com'],
  x: ['x.com', 'twitter.com'], twitch: ['twitch.tv'], spotify: ['spotify.com'], telegram: ['t.me', 'telegram.me'],
  facebook: ['facebook.com', 'fb.com', 'fb.watch'], threads: ['threads.net', 'threads.com'], kick: ['kick.com'],
  snapchat: ['snapchat.com'], reddit: ['reddit.com'], linkedin: ['linkedin.com'],
};

function liveHint() {
  const raw = $('link').value.trim();
  const hosts = current && HOSTS[current.platform];
  $('link-error').textContent = '';
  if (!raw || !hosts) { $('link-hint').textContent = current?.link_hint ?? ''; return; }
  let host = '';
  try { host = new URL(/^[a-z]+:/i.test(raw) ? raw : `https://${raw}`).hostname.toLowerCase(); } catch { /* shown below */ }
  const fits = hosts.some((h) => host === h || host.endsWith(`.${h}`));
  $('link-hint').textContent = fits ? `Looks like a ${current.platform_name} link.` : `${current.link_hint} — that does not look like a ${current.platform_name} link yet.`;
}

async function post(path, payload) {
  try {
    const res = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(payload) });
    const body = await res.json().catch(() => ({ success: false, message: `Unexpected answer from the server (HTTP ${res.status}). Please try again.` }));
    return { status: res.status, body };
  } catch {
    return { status: 0, body: { success: false, message: 'Could not reach the server. Check your connection and try again.' } };
  }
}

/** Shows one card: 1 code, 2 link, 3 done, 4 order tracking. */
function step(n) {
  for (const i of [1, 2, 3]) $(`step-${i}`).classList.toggle('on', i === Math.min(n, 3));
  $('code-card').classList.toggle('hidden', n !== 1);
  $('details-card').classList.toggle('hidden', n !== 2);
  $('done-card').classList.toggle('hidden', n !== 3);
  $('order-card').classList.toggle('hidden', n !== 4);
}

async function getJson(path) {
  try {
    const res = await fetch(path);
    const body = await res.json().catch(() => ({ success: false, message: `Unexpected answer from the server (HTTP ${res.status}).` }));
    return { status: res.status, body };
  } catch {
    return { status: 0, body: { success: false, message: 'Could not reach the server. Check your connection and try again.' } };
  }
}

let tracked = null; // the code whose order is shown

/** The order page of a used code: panel status, and a refill when the service has one. */
async function showOrder(code) {
  const res = await getJson(`/api/orders/by-code/${encodeURIComponent(code)}`);
  if (!res.body.success) {
    step(1);
    $('code-error').textContent = res.body.message;
    return;
  }
  const d = res.body.data;
  tracked = d.code;
  history.replaceState(null, '', `#code=${encodeURIComponent(d.code)}`);
  $('t-order').textContent = `#${d.order_id}`;
  $('t-status').textContent = d.status ?? 'Waiting for the first update';
  $('t-start').textContent = d.start_count == null ? '—' : Number(d.start_count).toLocaleString();
  $('t-remains').textContent = d.remains == null ? '—' : Number(d.remains).toLocaleString();
  $('t-link').textContent = d.link;
  $('t-placed').textContent = new Date(d.placed_at).toLocaleString();
  $('refill-box').classList.toggle('hidden', !d.has_refill);
  $('refill-error').textContent = '';
  const r = d.refill;
  const last = r.id && r.available ? `Last refill #${r.id}: ${r.status ?? 'requested'}. ` : '';
  $('refill-info').textContent = r.available ? `${last}You can ask for a refill if some of your order dropped.` : (r.why_not ?? '');
  $('refill').disabled = !r.may_ask;
  step(4);
}

async function requestRefill() {
  $('refill-error').textContent = '';
  busy($('refill'), true, 'Requesting…');
  const res = await post('/api/refill', { code: tracked });
  busy($('refill'), false, 'Request refill');
  if (!res.body.success) { $('refill-error').textContent = res.body.message; return; }
  await showOrder(tracked);
  $('refill-info').textContent = `Refill #${res.body.data.refill_id} requested. Our supplier usually starts it within a day.`;
}

function busy(button, on, label) {
  button.disabled = on;
  if (label) button.textContent = label;
}

function codeFromFragment() {
  const m = /(?:^|[#&])code=([^&]+)/.exec(location.hash);
  return m ? decodeURIComponent(m[1]) : '';
}

async function checkCode(code) {
  $('code-error').textContent = '';
  busy($('code-submit'), true, 'Checking…');
  const res = await post('/api/validate-code', { code });
  busy($('code-submit'), false, 'Check code');
  if (!res.body.success) {
    // A redeemed code opens its order page instead of an error.
    if (res.body.error?.code === 'code_already_used') { await showOrder(code); return; }
    $('code-error').textContent = res.body.message;
    return;
  }
  current = res.body.data;
  history.replaceState(null, '', `#code=${encodeURIComponent(current.code)}`);
  $('d-platform').textContent = current.platform_name ?? current.platform;
  $('d-service').textContent = current.service_name ?? current.service_type;
  $('d-quantity').textContent = Number(current.quantity).toLocaleString();
  $('d-refill').textContent = current.has_refill ? 'Included' : 'Not included';
  $('d-expiry').textContent = current.expires_at ? new Date(current.expires_at).toLocaleDateString() : 'No expiry';
  $('d-requirements').textContent = current.requirements ?? '';
  $('link-hint').textContent = current.link_hint ?? '';
  $('link').placeholder = current.link_example ?? 'https://';
  $('link-error').textContent = '';
  step(2);
  $('link').focus();
}

async function redeem() {
  $('link-error').textContent = '';
  const link = $('link').value.trim();
  if (!link) { $('link-error').textContent = 'Paste the link the order is for.'; return; }
  busy($('redeem-submit'), true, 'Placing your order…');
  const res = await post('/api/redeem', { code: current.code, link });
  busy($('redeem-submit'), false, 'Redeem');
  if (res.body.success) {
    const d = res.body.data;
    $('done-title').textContent = 'Order placed';
    $('done-notice').className = 'notice ok';
    $('done-notice').textContent = 'Your order is in. Delivery usually starts within minutes.';
    $('o-order').textContent = `#${d.order_id}`;
    $('o-link').textContent = d.link;
    $('o-quantity').textContent = Number(d.quantity).toLocaleString();
    $('done-facts').classList.remove('hidden');
    step(3);
  } else if (res.status === 504) {
    $('done-title').textContent = 'We are finishing your order';
    $('done-notice').className = 'notice warn';
    $('done-notice').textContent = res.body.message;
    $('done-facts').classList.add('hidden');
    step(3);
  } else {
    // The server's verdict replaces the live guess, so the two never disagree on screen.
    $('link-hint').textContent = current.link_hint ?? '';
    $('link-error').textContent = res.body.message;
  }
}

$('code-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('code').value.trim();
  if (!code) { $('code-error').textContent = 'Enter your redemption code.'; return; }
  checkCode(code);
});
$('redeem-form').addEventListener('submit', (e) => { e.preventDefault(); redeem(); });
$('link').addEventListener('input', liveHint);
$('other-code').addEventListener('click', () => { history.replaceState(null, '', location.pathname); $('code').value = ''; step(1); $('code').focus(); });
$('track').addEventListener('click', () => showOrder(current.code));
$('refill').addEventListener('click', requestRefill);
$('refresh-order').addEventListener('click', () => showOrder(tracked));
$('order-other').addEventListener('click', () => { history.replaceState(null, '', location.pathname); $('code').value = ''; step(1); $('code').focus(); });
$('again').addEventListener('click', () => { history.replaceState(null, '', location.pathname); $('code').value = ''; $('link').value = ''; step(1); });

const fromUrl = codeFromFragment();
if (fromUrl) { $('code').value = fromUrl; checkCode(fromUrl); }
