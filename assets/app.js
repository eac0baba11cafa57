// Redemption page: code -> what it buys -> link (and what the service needs) -> order, in the
// buyer's language (i18n.js). Everything a user typed or the server said is shown with
// textContent, never as HTML. The page says things in its own words: it maps the API's stable
// error codes to them and never shows the API's English `message` (an unknown code aside).
'use strict';
const $ = (id) => document.getElementById(id);
const LANG_KEY = 'redeem-edge.lang';
const ORDERS_KEY = 'redeem-edge.orders';
const NOTIFY_KEY = 'redeem-edge.notify';
// Why the shop holds an order (`queued_reason`), in the page's words.
const QUEUED = { panel_funds: 'queued.panel_funds', link_busy: 'queued.link_busy', service_unavailable: 'queued.service_unavailable' };
let current = null; // the validated code's data
let tracked = null; // the order page's data
let done = null; // the redemption's answer on the done card: { kind: 'placed' | 'queued' | 'pending', res }
let shop = null; // /api/health: shop name, support contact, footer line
let refreshTimer = null;
let lastError = null; // the error on screen, redrawn when the language changes

// ---- language ---------------------------------------------------------------------------

/** `?lang=xx`, else the choice remembered on this device, else the browser's languages. */
function pickLanguage() {
  const known = Object.keys(I18N);
  const match = (tag) => {
    if (!tag) return null;
    const exact = known.find((k) => k.toLowerCase() === tag.toLowerCase());
    if (exact) return exact;
    const base = tag.toLowerCase().split('-')[0];
    return known.find((k) => k.toLowerCase().split('-')[0] === base) ?? null;
  };
  const asked = match(new URLSearchParams(location.search).get('lang'));
  if (asked) return asked;
  let kept = null;
  try { kept = match(localStorage.getItem(LANG_KEY)); } catch { /* storage off: fine */ }
  return kept ?? navigator.languages?.map(match).find(Boolean) ?? match(navigator.language) ?? 'en';
}
let lang = pickLanguage();

function t(key, vars = {}) {
  const text = I18N[lang]?.[key] ?? I18N.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, k) => (vars[k] ?? ''));
}
const has = (key) => key in I18N.en;
const nf = (n) => (n == null ? '—' : new Intl.NumberFormat(lang).format(Number(n)));
const when = (iso) => new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
/** "5 minutes ago", in the page's language. */
function ago(iso) {
  const seconds = (new Date(iso).getTime() - Date.now()) / 1000;
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  for (const [unit, size] of [['day', 86400], ['hour', 3600], ['minute', 60]]) {
    if (Math.abs(seconds) >= size) return rtf.format(Math.round(seconds / size), unit);
  }
  return rtf.format(Math.round(seconds), 'second');
}
const statusKey = (s) => `status.${String(s ?? '').toLowerCase().replace(/\s+/g, '_').replace('cancelled', 'canceled')}`;
const statusName = (s) => (has(statusKey(s)) ? t(statusKey(s)) : s);
const kindName = (d) => (has(`kind.${d.service_type}`) ? t(`kind.${d.service_type}`) : d.service_name ?? d.service_type);

function applyLanguage() {
  const rtl = I18N_RTL.includes(lang);
  document.documentElement.lang = lang;
  document.documentElement.dir = rtl ? 'rtl' : 'ltr';
  for (const el of document.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  $('lang').value = lang;
  $('lang').setAttribute('aria-label', t('lang.label'));
  showShop();
  if (current) showDetails();
  if (done) renderDone();
  if (tracked) renderOrder();
  renderMine();
  if (lastError) showError(lastError.where, lastError.res);
  if (!$('link').value.trim()) showHint();
}

function setLanguage(next) {
  lang = next;
  try { localStorage.setItem(LANG_KEY, next); } catch { /* not remembered */ }
  const url = new URL(location.href);
  if (url.searchParams.has('lang')) { url.searchParams.set('lang', next); history.replaceState(null, '', url); }
  applyLanguage();
}

// ---- talking to the worker ----------------------------------------------------------------

// Read-your-writes: the worker answers a write with its D1 bookmark; sent back, it makes the
// next read (served by a replica near the buyer) see at least that write.
const BOOKMARK_KEY = 'redeem-edge.d1-bookmark';
function bookmarkHeaders(headers = {}) {
  let b = null;
  try { b = sessionStorage.getItem(BOOKMARK_KEY); } catch { /* storage off */ }
  return b ? { ...headers, 'x-d1-bookmark': b } : headers;
}
/** Keeps the newest bookmark: an answer that comes back late must not make it older. D1's
 *  bookmarks are fixed-width hex, so the later one sorts last. */
function keepBookmark(res) {
  const b = res.headers.get('x-d1-bookmark');
  try {
    const kept = sessionStorage.getItem(BOOKMARK_KEY);
    if (b && (!kept || b > kept)) sessionStorage.setItem(BOOKMARK_KEY, b);
  } catch { /* storage off */ }
}

async function call(path, payload) {
  try {
    const res = await fetch(path, payload === undefined ? { headers: bookmarkHeaders() }
      : { method: 'POST', headers: bookmarkHeaders({ 'content-type': 'application/json' }), body: JSON.stringify(payload) });
    keepBookmark(res);
    const body = await res.json().catch(() => ({ success: false, error: { code: 'net.odd' } }));
    return { status: res.status, body };
  } catch {
    return { status: 0, body: { success: false, error: { code: 'net.down' } } };
  }
}

/** The page's words for a failed answer; the server's only for a code the page does not know. */
function errorText(res, vars = {}) {
  const code = res.body?.error?.code;
  let text;
  if (code === 'net.down' || code === 'net.odd') text = t(code, { status: res.status });
  else if (code === 'invalid_link') text = t('error.invalid_link', { hint: hintText() });
  else if (code === 'order_not_completed') text = t('error.order_not_completed', { status: statusName(vars.status ?? tracked?.status ?? '') });
  else if (code && has(`error.${code}`)) text = t(`error.${code}`);
  else text = res.body?.message ?? t('net.odd', { status: res.status });
  const contact = res.body?.error?.support;
  return contact ? `${text} ${t('support.contact', { contact })}` : text;
}
function showError(where, res) {
  // Clearing one place's error leaves another's to be redrawn in the next language.
  if (res) lastError = { where, res };
  else if (lastError?.where === where) lastError = null;
  $(where).textContent = res ? errorText(res) : '';
}

// ---- the steps ----------------------------------------------------------------------------

/** Shows one card: 1 code, 2 link, 3 done, 4 order tracking. */
function step(n) {
  for (const i of [1, 2, 3]) $(`step-${i}`).classList.toggle('on', i === Math.min(n, 3));
  $('code-card').classList.toggle('hidden', n !== 1);
  $('details-card').classList.toggle('hidden', n !== 2);
  $('done-card').classList.toggle('hidden', n !== 3);
  $('order-card').classList.toggle('hidden', n !== 4);
  if (n !== 3) done = null;
  if (n !== 4) { clearTimeout(refreshTimer); tracked = null; notifyFor = null; }
  if (n !== 2) clearTimeout(hintTimer);
  if (n === 1) renderMine();
}

function busy(button, on, key) {
  button.disabled = on;
  if (key) button.textContent = t(key);
}

function codeFromFragment() {
  const m = /(?:^|[#&])code=([^&]+)/.exec(location.hash);
  try { return m ? decodeURIComponent(m[1]) : ''; } catch { return m[1]; }
}

/** Step 1's check. `fromOrder`: the order page sent the buyer here, so a code that has (or
 *  waits for) an order says so instead of going back to that page. */
async function checkCode(code, fromOrder = false) {
  showError('code-error', null);
  busy($('code-submit'), true, 'code.checking');
  const res = await call('/api/validate-code', { code });
  busy($('code-submit'), false, 'code.submit');
  if (!res.body.success) {
    // A redeemed code, or one whose order the shop holds, opens its order page instead of an error.
    if (!fromOrder && ['code_already_used', 'code_queued'].includes(res.body.error?.code)) { await showOrder(code); return; }
    showError('code-error', res);
    return;
  }
  current = res.body.data;
  history.replaceState(null, '', `${location.search}#code=${encodeURIComponent(current.code)}`);
  for (const box of Object.values(INPUTS)) $(box.field).value = '';
  showDetails();
  showError('link-error', null);
  step(2);
  $('link').focus();
}

function showDetails() {
  const d = current;
  $('d-platform').textContent = d.platform_name ?? d.platform;
  $('d-service').textContent = kindName(d);
  $('d-quantity').textContent = nf(d.quantity);
  $('d-refill').textContent = t(d.has_refill ? 'refill.included' : 'refill.not_included');
  $('d-expiry').textContent = d.expires_at ? new Intl.DateTimeFormat(lang, { dateStyle: 'medium' }).format(new Date(d.expires_at)) : t('expiry.never');
  $('d-requirements').textContent = d.requirements ?? '';
  $('d-drip').textContent = d.drip_feed ? t('drip.info', { runs: nf(d.drip_feed.runs), interval: nf(d.drip_feed.interval) }) : '';
  $('link').placeholder = d.link_example ?? 'https://';
  // Exactly the boxes the service's type asks for (`order.inputs`).
  for (const [key, box] of Object.entries(INPUTS)) $(box.box).classList.toggle('hidden', !asks(key));
  if (d.order?.subscription) $('d-drip').textContent = t('sub.info');
  $('d-drip').classList.toggle('hidden', !d.drip_feed && !d.order?.subscription);
  // The code came back after a hold that ran out, or a refusal when the shop placed it.
  const back = d.returned;
  $('d-returned').textContent = !back ? ''
    : back.reason === 'hold_expired' ? t('returned.hold_expired')
      : back.reason === 'refused' ? `${t('returned.refused')} ${back.message ?? ''}`.trim() : back.message ?? '';
  $('d-returned').classList.toggle('hidden', !$('d-returned').textContent);
  countComments();
  showHint();
}

/** The link hint in the page's language, from the code's page keys. */
function hintText() {
  if (!current) return '';
  const pages = (current.link_pages ?? []).map((k) => t(`page.${k}`));
  if (!pages.length) return t('hint.any');
  const joined = pages.length > 1 ? `${pages.slice(0, -1).join(', ')} ${t('hint.or')} ${pages.at(-1)}` : pages[0];
  return t('hint.pages', { platform: current.platform_name, pages: joined, example: current.link_example });
}
function showHint() {
  $('link-hint').textContent = hintText();
}

// The live hint asks the server, which applies the redemption's own link rule: the page
// never keeps a second (looser) copy of it. Asked once the buyer pauses typing.
let hintTimer = null;
let hintSeq = 0;
function liveHint() {
  showError('link-error', null);
  clearTimeout(hintTimer);
  const raw = $('link').value.trim();
  if (!raw || !current) { showHint(); return; }
  const code = current.code;
  hintTimer = setTimeout(async () => {
    if (current?.code !== code) return; // the buyer moved on (redeemed, or another code)
    const seq = ++hintSeq;
    const res = await call('/api/check-link', { code, link: raw });
    if (seq !== hintSeq || current?.code !== code || $('link').value.trim() !== raw) return; // a newer edit is on its way
    if (res.body.success) $('link-hint').textContent = t('hint.ok', { link: res.body.data.link });
    else if (res.status === 422) $('link-hint').textContent = errorText(res);
    else showHint();
  }, 450);
}

const lines = (id) => $(id).value.split('\n').map((l) => l.trim()).filter(Boolean);
/** What the buyer may type besides the link: each input's box, field and label. */
const INPUTS = {
  comments: { box: 'comments-box', field: 'comments', label: 'comments.label', list: true },
  usernames: { box: 'usernames-box', field: 'usernames', label: 'usernames.label', list: true },
  hashtags: { box: 'hashtags-box', field: 'hashtags', label: 'hashtags.label', list: true },
  hashtag: { box: 'hashtag-box', field: 'hashtag', label: 'hashtag.label' },
  target_username: { box: 'username-box', field: 'username-input', label: 'username.label' },
  media: { box: 'media-box', field: 'media', label: 'media.label' },
  answer_number: { box: 'answer-box', field: 'answer', label: 'answer.label' },
  groups: { box: 'groups-box', field: 'groups', label: 'groups.label', list: true },
  keywords: { box: 'keywords-box', field: 'keywords', label: 'keywords.label', list: true },
};
const asks = (key) => (current?.order?.inputs ?? (current?.order_input ? [current.order_input] : [])).includes(key);

function countComments() {
  if (!asks('comments') || current.order?.api_type === 'custom_comments_package') return;
  const n = lines('comments').length;
  $('comments-count').textContent = t('comments.count', { n: nf(n), total: nf(current.quantity) });
  $('comments-count').classList.toggle('warn-text', n > current.quantity);
}

/** What the service needs besides the link, or the page's reason it is not ready. */
function orderInput() {
  const out = {};
  for (const [key, box] of Object.entries(INPUTS)) {
    if (!asks(key)) continue;
    if (key === 'comments' && current.order?.api_type !== 'custom_comments_package') {
      const list = lines('comments');
      if (list.length !== current.quantity) return { error: t('comments.wrong', { total: nf(current.quantity), n: nf(list.length) }) };
    }
    if (key === 'usernames' && !lines('usernames').length) return { error: t('usernames.empty') };
    if (key === 'answer_number') {
      const n = Number($('answer').value);
      if (!(Number.isInteger(n) && n >= 1 && n <= 100)) return { error: t('answer.wrong') };
      out.answer_number = n;
      continue;
    }
    const value = box.list ? lines(box.field).join('\n') : $(box.field).value.trim();
    if (!value) return { error: t('input.empty', { what: t(box.label) }) };
    out[key] = value;
  }
  return out;
}

async function redeem() {
  showError('link-error', null);
  const link = $('link').value.trim();
  if (!link) { $('link-error').textContent = t('link.empty'); return; }
  const { error, ...input } = orderInput();
  if (error) { $('link-error').textContent = error; return; }
  busy($('redeem-submit'), true, 'redeem.placing');
  // `lang`: the buyer's order updates (e-mail) are written in the page's language.
  const res = await call('/api/redeem', { code: current.code, link, ...input, lang });
  busy($('redeem-submit'), false, 'redeem.submit');
  if (res.body.success) {
    // 202: the shop holds the order (the code is kept) and places it by itself later.
    const queued = res.status === 202 || res.body.data?.status === 'queued';
    remember(current.code, queued ? null : res.body.data.order_id);
    done = { kind: queued ? 'queued' : 'placed', res };
    renderDone();
    step(3);
  } else if (res.status === 504) {
    done = { kind: 'pending', res };
    renderDone();
    step(3);
  } else {
    // The server's verdict replaces the live guess, so the two never disagree on screen.
    showHint();
    showError('link-error', res);
  }
}

/** The done card, in the page's language: placed, queued by the shop, or being finished. */
function renderDone() {
  const { kind, res } = done;
  const d = res.body.data ?? {};
  $('done-title').textContent = t({ placed: 'done.title', queued: 'queued.title' }[kind] ?? 'done.pending_title');
  $('done-notice').className = `notice ${kind === 'placed' ? 'ok' : 'warn'}`;
  $('done-notice').textContent = kind === 'placed' ? t('done.notice') : kind === 'queued' ? queuedText(d.queued_reason) : errorText(res);
  $('done-facts').classList.toggle('hidden', kind !== 'placed');
  if (kind !== 'placed') return;
  $('o-order').textContent = `#${d.order_id}`;
  $('o-link').textContent = d.link;
  $('o-quantity').textContent = nf(d.quantity);
}

/** "Queued, placed automatically" and why the shop holds it. */
function queuedText(reason) {
  return [t('queued.notice'), QUEUED[reason] ? t(QUEUED[reason]) : ''].filter(Boolean).join(' ');
}

// ---- the order page -----------------------------------------------------------------------

/** The order page of a used code: a live view, refreshed while the order runs or waits in
 *  the shop's queue. */
async function showOrder(code) {
  clearTimeout(refreshTimer);
  const res = await call(`/api/orders/by-code/${encodeURIComponent(code)}`);
  if (!res.body.success) {
    // A held order the shop could not place is the buyer's code again: its link step says why.
    if (['hold_expired', 'order_refused'].includes(res.body.error?.code)) { $('code').value = code; step(1); await checkCode(code, true); return; }
    step(1);
    showError('code-error', res);
    return;
  }
  const d = res.body.data;
  history.replaceState(null, '', `${location.search}#code=${encodeURIComponent(d.code)}`);
  remember(d.code, d.order_id ?? null);
  step(4);
  tracked = d;
  renderOrder();
  // A held order: asked again every 30 s, until the same answer is the placed order. A running
  // one no faster than the worker's status cache (60 s): a quicker poll would only re-read it.
  if (isQueued(d)) refreshTimer = setTimeout(() => showOrder(d.code), 30_000);
  // The worker says which statuses are final (core::panel::Progress::FINAL).
  else if (!d.final) refreshTimer = setTimeout(() => showOrder(d.code), 60_000);
}

const isQueued = (d) => d.queued === true || d.status === 'queued';

function renderOrder() {
  const d = tracked;
  const queued = isQueued(d);
  renderNotify(d);
  $('t-facts').classList.toggle('hidden', queued);
  $('t-queued').classList.toggle('hidden', !queued);
  $('t-queued-since').classList.toggle('hidden', !queued || !d.queued_since);
  if (queued) {
    $('t-queued').textContent = queuedText(d.queued_reason);
    $('t-queued-since').textContent = d.queued_since ? t('queued.since', { when: `${when(d.queued_since)} (${ago(d.queued_since)})` }) : '';
    $('t-live').textContent = t('queued.live');
    $('t-live').classList.remove('hidden');
    $('make-good').classList.add('hidden');
    $('refill-box').classList.add('hidden');
    return;
  }
  const key = statusKey(d.status).slice(7);
  $('t-order').textContent = `#${d.order_id}`;
  $('t-status').textContent = d.status ? statusName(d.status) : t('order.waiting');
  $('t-status').className = `badge st-${d.status ? key : 'none'}`;
  const delivered = d.remains == null ? null : Math.max(0, d.quantity - d.remains);
  $('t-progress').max = Math.max(1, d.quantity);
  $('t-progress').value = delivered ?? 0;
  $('t-progress').dataset.delivered = delivered ?? '';
  $('t-progress-text').textContent = delivered == null ? '' : t('order.progress', { delivered: nf(delivered), quantity: nf(d.quantity) });
  $('t-start').textContent = nf(d.start_count);
  $('t-now').textContent = d.start_count == null || delivered == null ? '—' : nf(d.start_count + delivered);
  $('t-remains').textContent = nf(d.remains);
  $('t-link').textContent = d.link;
  $('t-placed').textContent = `${when(d.placed_at)} (${ago(d.placed_at)})`;
  $('t-live').textContent = t('order.live');
  $('t-live').classList.toggle('hidden', Boolean(d.final));
  renderMakeGood(d);
  $('refill-box').classList.toggle('hidden', !d.has_refill);
  showError('refill-error', null);
  const r = d.refill;
  const last = r.id && r.available ? `${t('refill.last', { id: r.id, status: statusName(r.status ?? 'pending') })} ` : '';
  $('refill-info').textContent = r.available ? `${last}${t('refill.available')}`
    : r.why_not_code ? errorText({ body: { error: { code: r.why_not_code } } }, { status: d.status }) : '';
  // Only while a refill can be asked for; the hint above says why not (Refresh updates it).
  $('refill').disabled = !r.available;
}

/** What the shop did about an order the panel canceled, refunded or part-delivered: a
 *  replacement code for what was not delivered, or (below the service's minimum) word that
 *  the shop will settle it. */
function renderMakeGood(d) {
  const r = d.replacement?.code ? d.replacement : null;
  const below = !r && d.make_good === 'below_minimum';
  $('make-good').classList.toggle('hidden', !r && !below);
  $('mg-replacement').classList.toggle('hidden', !r);
  $('mg-title').textContent = r ? t('replacement.title') : below ? t('make_good.title') : '';
  const contact = shop?.support ? ` ${t('support.contact', { contact: shop.support })}` : '';
  $('mg-text').textContent = r ? t('replacement.text', { quantity: nf(r.quantity) }) : below ? `${t('make_good.below_minimum')}${contact}` : '';
  $('mg-code').textContent = r?.code ?? '';
}

/** The replacement code goes through the redemption from its first step, as if typed there. */
function redeemReplacement() {
  const code = tracked?.replacement?.code;
  if (!code) return;
  $('code').value = code;
  current = null;
  step(1);
  checkCode(code);
}

async function requestRefill() {
  showError('refill-error', null);
  busy($('refill'), true, 'refill.requesting');
  const res = await call('/api/refill', { code: tracked.code });
  busy($('refill'), false, 'refill.button');
  if (!res.body.success) { showError('refill-error', res); return; }
  await showOrder(tracked.code);
  $('refill-info').textContent = t('refill.requested', { id: res.body.data.refill_id });
}

// ---- "e-mail me updates" on the order page --------------------------------------------------

let notifyFor = null; // the code the e-mail box was drawn for
let notifyEditing = false; // "use another address" was pressed

/** The addresses given on this device, per code: [{ code, email }], newest first. */
function notified() {
  try { return JSON.parse(localStorage.getItem(NOTIFY_KEY) ?? '[]').filter((o) => o && o.code && o.email); } catch { return []; }
}
function keepNotified(code, email) {
  const list = [{ code, email }, ...notified().filter((o) => o.code !== code)];
  try { localStorage.setItem(NOTIFY_KEY, JSON.stringify(list.slice(0, 20))); } catch { /* not kept */ }
}

/** The address this code's updates go to (as given on this device), or the form asking for one.
 *  A finished order without refills has nothing more to tell: no form then. */
function renderNotify(d) {
  if (notifyFor !== d.code) {
    notifyFor = d.code;
    notifyEditing = false;
    $('notify-email').value = '';
    showError('notify-error', null);
  }
  const email = notified().find((o) => o.code === d.code)?.email;
  const editing = !email || notifyEditing;
  $('notify-box').classList.toggle('hidden', !email && Boolean(d.final) && !d.has_refill);
  $('notify-saved').textContent = email ? t('notify.saved', { email }) : '';
  $('notify-saved').classList.toggle('hidden', !email);
  $('notify-change').classList.toggle('hidden', editing);
  $('notify-form').classList.toggle('hidden', !editing);
}

async function notifyMe() {
  showError('notify-error', null);
  const email = $('notify-email').value.trim();
  if (!email) { $('notify-error').textContent = t('notify.empty'); return; }
  const code = tracked.code;
  busy($('notify-submit'), true, 'notify.saving');
  const res = await call(`/api/orders/by-code/${encodeURIComponent(code)}/notify`, { email, lang });
  busy($('notify-submit'), false, 'notify.submit');
  if (res.body.success) keepNotified(code, res.body.data?.email ?? email);
  if (tracked?.code !== code) return; // the buyer moved on to another code
  if (!res.body.success) { showError('notify-error', res); return; }
  notifyEditing = false;
  $('notify-email').value = '';
  renderNotify(tracked);
}

function changeNotify() {
  notifyEditing = true;
  renderNotify(tracked);
  $('notify-email').focus();
}

// ---- "your orders", kept on this device only -----------------------------------------------

function mine() {
  try { return JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '[]').filter((o) => o && o.code); } catch { return []; }
}
function remember(code, order) {
  const list = [{ code, order, at: mine().find((o) => o.code === code)?.at ?? new Date().toISOString() }, ...mine().filter((o) => o.code !== code)];
  try { localStorage.setItem(ORDERS_KEY, JSON.stringify(list.slice(0, 20))); } catch { /* not kept */ }
}
function renderMine() {
  const list = mine();
  $('mine').classList.toggle('hidden', !list.length);
  $('mine-list').replaceChildren(...list.map((o) => {
    const b = document.createElement('button');
    b.type = 'button';
    b.className = 'secondary mine-item';
    b.dataset.code = o.code;
    const title = document.createElement('span');
    title.textContent = o.order == null ? t('mine.queued', { when: ago(o.at) }) : t('mine.item', { order: o.order, when: ago(o.at) });
    const code = document.createElement('span');
    code.className = 'hint mono';
    code.dir = 'ltr';
    code.textContent = o.code;
    b.append(title, code);
    b.addEventListener('click', () => { $('code').value = o.code; showOrder(o.code); });
    const li = document.createElement('li');
    li.append(b);
    return li;
  }));
}

// ---- the shop's own words -------------------------------------------------------------------

/** The shop's name, where its buyers get help and its footer line (SHOP_NAME, SUPPORT_CONTACT,
 *  FOOTER_TEXT): its own words, in every language. */
function showShop() {
  const name = shop?.shop;
  document.title = name ? `${name} · ${t('app.title')}` : t('app.title');
  $('shop-name').textContent = name ?? t('app.title');
  if (shop?.support) {
    const contact = shop.support;
    const href = /^https?:\/\//i.test(contact) ? contact : /^[^\s@]+@[^\s@]+$/.test(contact) ? `mailto:${contact}` : null;
    const target = href ? Object.assign(document.createElement('a'), { href, textContent: contact, rel: 'noopener' }) : document.createTextNode(contact);
    $('support').replaceChildren(`${t('support.line')} `, target);
    $('support').classList.remove('hidden');
  }
  $('shop-footer').textContent = shop?.footer ?? '';
  $('shop-footer').classList.toggle('hidden', !shop?.footer);
}

// ---- wiring -----------------------------------------------------------------------------------

function backToCode() {
  history.replaceState(null, '', location.pathname + location.search);
  $('code').value = '';
  current = null;
  step(1);
  $('code').focus();
}

$('lang').replaceChildren(...Object.entries(I18N_NAMES).map(([value, name]) => Object.assign(document.createElement('option'), { value, textContent: name, lang: value })));
$('lang').addEventListener('change', () => setLanguage($('lang').value));
$('code-form').addEventListener('submit', (e) => {
  e.preventDefault();
  const code = $('code').value.trim();
  if (!code) { $('code-error').textContent = t('code.empty'); return; }
  checkCode(code);
});
$('redeem-form').addEventListener('submit', (e) => { e.preventDefault(); redeem(); });
$('link').addEventListener('input', liveHint);
// Editing what the service needs takes back the error about it.
$('comments').addEventListener('input', () => { showError('link-error', null); countComments(); });
for (const id of ['usernames', 'answer']) $(id).addEventListener('input', () => showError('link-error', null));
$('other-code').addEventListener('click', backToCode);
$('track').addEventListener('click', () => showOrder(current.code));
$('refill').addEventListener('click', requestRefill);
$('mg-redeem').addEventListener('click', redeemReplacement);
$('refresh-order').addEventListener('click', () => showOrder(tracked.code));
$('notify-form').addEventListener('submit', (e) => { e.preventDefault(); notifyMe(); });
$('notify-change').addEventListener('click', changeNotify);
$('order-other').addEventListener('click', backToCode);
$('again').addEventListener('click', () => { $('link').value = ''; backToCode(); });

applyLanguage();
call('/api/health').then((res) => { shop = res.body.data ?? null; showShop(); });
const fromUrl = codeFromFragment();
if (fromUrl) { $('code').value = fromUrl; checkCode(fromUrl); }
