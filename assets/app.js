// Redemption page: code -> what it buys -> link -> order. Everything a user typed or the
// server said is shown with textContent, never as HTML.
'use strict';
const $ = (id) => document.getElementById(id);
let current = null; // the validated code's data

// The live hint asks the server, which applies the redemption's own link rule: the page
// never keeps a second (looser) copy of it. Asked once the buyer pauses typing.
let hintTimer = null;
let hintSeq = 0;
function liveHint() {
  $('link-error').textContent = '';
  clearTimeout(hintTimer);
  const raw = $('link').value.trim();
  if (!raw || !current) { $('link-hint').textContent = current?.link_hint ?? ''; return; }
  hintTimer = setTimeout(async () => {
    const seq = ++hintSeq;
    const res = await post('/api/check-link', { code: current.code, link: raw });
    if (seq !== hintSeq || $('link').value.trim() !== raw) return; // a newer edit is on its way
    if (res.body.success) $('link-hint').textContent = `✓ Your order would be for ${res.body.data.link}`;
    else if (res.status === 422) $('link-hint').textContent = res.body.message;
    else $('link-hint').textContent = current.link_hint ?? '';
  }, 450);
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
  // Only while a refill can be asked for; the hint above says why not (Refresh updates it).
  $('refill').disabled = !r.available;
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
    $('done-notice').textContent = withSupport(res.body);
    $('done-facts').classList.add('hidden');
    step(3);
  } else {
    // The server's verdict replaces the live guess, so the two never disagree on screen.
    $('link-hint').textContent = current.link_hint ?? '';
    $('link-error').textContent = withSupport(res.body);
  }
}

/** The server's words, plus where to get help when the shop named a contact (502/504). */
function withSupport(body) {
  const contact = body.error?.support;
  return contact ? `${body.message} Need help? Contact ${contact}.` : body.message;
}

/** The shop's own name on the page, and where its buyers get help. */
async function showShop() {
  const res = await getJson('/api/health');
  const d = res.body.data;
  if (!d) return;
  if (d.shop) {
    document.title = `${d.shop} · Redeem your code`;
    $('shop-name').textContent = d.shop;
  }
  if (d.support) {
    const contact = d.support;
    const href = /^https?:\/\//i.test(contact) ? contact : /^[^\s@]+@[^\s@]+$/.test(contact) ? `mailto:${contact}` : null;
    const target = href ? Object.assign(document.createElement('a'), { href, textContent: contact, rel: 'noopener' }) : document.createTextNode(contact);
    $('support').replaceChildren('Need help? ', target);
    $('support').classList.remove('hidden');
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

showShop();
const fromUrl = codeFromFragment();
if (fromUrl) { $('code').value = fromUrl; checkCode(fromUrl); }
