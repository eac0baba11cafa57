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

async function tryLogin() {
  const res = await api('/api/admin/balance');
  if (res.status === 401 || res.status === 503 || res.status === 404) {
    sessionStorage.removeItem(KEY);
    show(false);
    $('login-error').textContent = res.body.message ?? 'That key was not accepted.';
    return;
  }
  show(true);
  if (res.body.success) $('s-balance').textContent = `${res.body.data.balance} ${res.body.data.currency}`;
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
