// Admin dashboard. The key lives in sessionStorage (this tab only), never a cookie.
'use strict';
const KEY = 'redeem-edge.admin-key';
const $ = (id) => document.getElementById(id);

async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { 'x-api-key': sessionStorage.getItem(KEY) ?? '', 'content-type': 'application/json', ...(init.headers ?? {}) } });
  let body;
  try { body = await res.json(); } catch { body = { success: false, message: `Unexpected answer (HTTP ${res.status}).` }; }
  return { status: res.status, body };
}

function show(loggedIn) {
  $('login-view').classList.toggle('hidden', loggedIn);
  $('dashboard-view').classList.toggle('hidden', !loggedIn);
  $('logout').classList.toggle('hidden', !loggedIn);
}

function row(cells) {
  const tr = document.createElement('tr');
  for (const c of cells) { const td = document.createElement('td'); td.textContent = c ?? ''; tr.append(td); }
  return tr;
}

function renderFailed(deliveries) {
  const body = $('failed-body');
  body.replaceChildren();
  if (!deliveries.length) { body.append(row(['None.'])); return; }
  for (const d of deliveries) {
    body.append(row([new Date(d.last_seen_at).toLocaleString(), `${d.invoice_id} / ${d.item_id}`, `${d.product_id} / ${d.variant_id ?? 'any'}`, d.quantity, d.attempts, d.error]));
  }
}

async function tryLogin() {
  const res = await api('/api/admin/deliveries?status=failed');
  if (!res.body.success) {
    sessionStorage.removeItem(KEY);
    show(false);
    $('login-error').textContent = res.body.message ?? 'That key was not accepted.';
    return;
  }
  show(true);
  renderFailed(res.body.data.deliveries);
}

$('login-form').addEventListener('submit', (e) => {
  e.preventDefault();
  $('login-error').textContent = '';
  const key = $('api-key').value.trim();
  if (!key) { $('login-error').textContent = 'Enter the admin API key.'; return; }
  sessionStorage.setItem(KEY, key);
  tryLogin();
});
$('logout').addEventListener('click', () => { sessionStorage.removeItem(KEY); $('api-key').value = ''; show(false); });
if (sessionStorage.getItem(KEY)) tryLogin();
