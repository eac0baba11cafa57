// Admin dashboard: shared helpers, login, tabs, and the read-only sections (overview, codes,
// redemptions). Forms that change things live in admin-manage.js; charts in charts.js.
// The key lives in sessionStorage (this tab only), never a cookie. Everything the API or a
// user typed is put on the page with textContent / DOM APIs, never as HTML.
'use strict';
const Admin = (() => {
  const KEY = 'redeem-edge.admin-key';
  const BOOKMARK = 'redeem-edge.d1-bookmark';
  const $ = (id) => document.getElementById(id);

  // Platforms, service types and statuses with their names come from the worker
  // (GET /api/admin/vocabulary, read at login): the page keeps no copy of them.
  const vocab = { platforms: [], service_types: [], statuses: [] };
  const labelOf = (list, key) => list.find((x) => x.key === key)?.name ?? (key || '—');
  const platformName = (key) => labelOf(vocab.platforms, key);
  const kindName = (key) => labelOf(vocab.service_types, key);

  // ---- the panel's catalogue: a service's name beside its id ---------------------------------

  let catalogue = null;
  /** id -> service, fetched once per page (an empty map when the panel cannot say). */
  function services() {
    catalogue ??= api('/api/services').then((res) => new Map(res.ok ? res.body.data.services.map((s) => [s.service, s]) : []));
    return catalogue;
  }
  /** "101 · YouTube Subscribers [Refill 30 days]", or the bare id when the catalogue has none. */
  async function serviceLabel(id) {
    const s = (await services()).get(Number(id));
    return s ? `${id} · ${s.name}` : String(id);
  }

  // ---- small DOM helpers -------------------------------------------------------------------

  /** el('td', {class: 'mono', text: 'x'}, child...) */
  function el(tag, props = {}, ...children) {
    const n = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
      if (v === undefined || v === null) continue;
      if (k === 'text') n.textContent = v;
      else if (k === 'class') n.className = v;
      else if (k === 'on') for (const [ev, fn] of Object.entries(v)) n.addEventListener(ev, fn);
      else n.setAttribute(k, v);
    }
    n.append(...children.filter((c) => c !== null && c !== undefined));
    return n;
  }

  const num = (n) => (n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US'));
  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (Number.isNaN(d.getTime())) return iso;
    const p = (x) => String(x).padStart(2, '0');
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
  }
  /** How long ago: "35 min", "5 h", "3 days". */
  function age(iso) {
    const mins = Math.round((Date.now() - new Date(iso).getTime()) / 60_000);
    if (!Number.isFinite(mins)) return '—';
    if (mins < 60) return `${Math.max(0, mins)} min`;
    const hours = Math.round(mins / 60);
    return hours < 48 ? `${hours} h` : `${Math.round(hours / 24)} days`;
  }
  function money(amount, currency) {
    const n = Number(amount);
    const text = Number.isFinite(n) ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 5 }) : String(amount);
    return currency ? `${text} ${currency}` : text;
  }

  function fillSelect(select) {
    const list = { kinds: vocab.service_types, statuses: vocab.statuses }[select.dataset.options] ?? vocab.platforms;
    const kept = select.value;
    const opts = select.dataset.any !== undefined ? [el('option', { value: '', text: select.dataset.any })] : [];
    for (const { key, name } of list) opts.push(el('option', { value: key, text: name }));
    select.replaceChildren(...opts);
    if (kept) select.value = kept;
  }

  /** Fills a <tbody>: rows are arrays of cells (text, or a Node). */
  function fillTable(tbody, rows, emptyText) {
    const cols = tbody.closest('table').querySelectorAll('thead th').length;
    if (!rows.length) { tbody.replaceChildren(el('tr', {}, el('td', { colspan: cols, class: 'hint', text: emptyText }))); return; }
    tbody.replaceChildren(...rows.map((cells) => el('tr', {}, ...cells.map((c) =>
      (c instanceof Node && c.tagName === 'TD' ? c : el('td', {}, c instanceof Node ? c : document.createTextNode(c ?? '')))))));
  }
  const td = (text, cls) => el('td', { class: cls, text });
  /** The day only; the full time shows on hover. */
  const dayCell = (iso) => el('td', { class: 'nowrap', title: when(iso), text: when(iso).slice(0, 10) });
  const badge = (status) => el('span', { class: `badge s-${status}`, text: labelOf(vocab.statuses, status) });

  function setError(id, message) { $(id).textContent = message ?? ''; }
  function notice(id, message) {
    const n = $(id);
    n.textContent = message ?? '';
    n.classList.toggle('hidden', !message);
  }

  // ---- the API -----------------------------------------------------------------------------

  /** { ok, status, body }. A 401 while logged in sends the user back to the login form. */
  async function api(path, { method = 'GET', body } = {}) {
    const headers = { 'x-api-key': sessionStorage.getItem(KEY) ?? '' };
    if (body !== undefined) headers['content-type'] = 'application/json';
    // Read-your-writes: the last write's D1 bookmark makes the next list include it.
    const bookmark = sessionStorage.getItem(BOOKMARK);
    if (bookmark) headers['x-d1-bookmark'] = bookmark;
    let res;
    try {
      res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
      // The newest wins (fixed-width hex sorts in time order): a late answer keeps it.
      const next = res.headers.get('x-d1-bookmark');
      const kept = sessionStorage.getItem(BOOKMARK);
      if (next && (!kept || next > kept)) sessionStorage.setItem(BOOKMARK, next);
    } catch {
      return { ok: false, status: 0, body: { success: false, message: 'The server could not be reached. Check the connection and try again.' } };
    }
    let parsed;
    try { parsed = await res.json(); } catch { parsed = { success: false, message: `Unexpected answer (HTTP ${res.status}).` }; }
    if (res.status === 401 && loggedIn) logout(parsed.message ?? 'The key is no longer accepted.');
    return { ok: res.ok && parsed.success !== false, status: res.status, body: parsed };
  }
  const messageOf = (res) => res.body?.message ?? `Request failed (HTTP ${res.status}).`;

  /** Runs `fn` with the button disabled, so a double click sends one request. */
  async function busy(button, fn) {
    button.disabled = true;
    try { return await fn(); } finally { button.disabled = false; }
  }

  /** Downloads a CSV the API makes (the key goes in a header, so a plain link cannot). */
  /** Downloads an export as one file. A large export comes in parts (each names the next in
   *  `Link: <…>; rel="next"`); they are fetched in turn and joined, header once, so the file
   *  holds every row. */
  async function download(path, fallbackName, errorId) {
    setError(errorId, '');
    const texts = [];
    let name = null;
    let rows = 0;
    for (let next = path; next;) {
      let res;
      try { res = await fetch(next, { headers: { 'x-api-key': sessionStorage.getItem(KEY) ?? '' } }); } catch {
        setError(errorId, 'The server could not be reached.'); return;
      }
      if (!res.ok) {
        let msg = `Download failed (HTTP ${res.status}).`;
        try { msg = (await res.json()).message ?? msg; } catch { /* keep the generic words */ }
        setError(errorId, texts.length ? `${msg} Nothing was saved: the export is incomplete.` : msg);
        return;
      }
      name ??= /filename="([^"]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1]?.replace(/-part1\.csv$/, '.csv');
      const text = await res.text();
      texts.push(texts.length ? text.slice(text.indexOf('\n') + 1) : text);
      rows += Number(res.headers.get('x-export-rows') ?? 0);
      next = /<([^>]+)>;\s*rel="next"/.exec(res.headers.get('link') ?? '')?.[1] ?? null;
      if (next) setError(errorId, `Exporting… ${num(rows)} rows so far.`);
    }
    setError(errorId, '');
    const url = URL.createObjectURL(new Blob(texts, { type: 'text/csv' }));
    const a = el('a', { href: url, download: name ?? fallbackName, class: 'hidden' });
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }

  /** Cursor paging for a list: "First page" / "Next page" and a page number. */
  /** A paged table (`${prefix}-body`, `-first`, `-next`, `-page`, `-error`): fetches
   *  `path?<filters>&limit=50&cursor=`, keeps only the newest answer (a quick filter change then
   *  a search can answer out of order), fills the table and the pager. */
  function pagedTable({ prefix, path, filters, listKey, row, empty }) {
    const state = { cursor: '', next: null, page: 1, request: 0 };
    const render = () => {
      $(`${prefix}-first`).disabled = state.page === 1;
      $(`${prefix}-next`).disabled = !state.next;
      $(`${prefix}-page`).textContent = `Page ${state.page}`;
    };
    async function load() {
      setError(`${prefix}-error`, '');
      const p = filters();
      p.set('limit', '50');
      if (state.cursor) p.set('cursor', state.cursor);
      const mine = ++state.request;
      const res = await api(`${path}?${p}`);
      if (mine !== state.request) return;
      if (res.ok) fillTable($(`${prefix}-body`), res.body.data[listKey].map(row), empty);
      else setError(`${prefix}-error`, messageOf(res));
      state.next = res.ok ? res.body.data.next_cursor ?? null : null;
      render();
    }
    $(`${prefix}-first`).addEventListener('click', () => { Object.assign(state, { cursor: '', page: 1 }); load(); });
    $(`${prefix}-next`).addEventListener('click', () => {
      if (!state.next) return;
      Object.assign(state, { cursor: state.next, page: state.page + 1 });
      load();
    });
    return { load, reset() { Object.assign(state, { cursor: '', next: null, page: 1 }); } };
  }

  // ---- sections ----------------------------------------------------------------------------
  // Each section registers { load() } (and optionally reset()); admin-manage.js adds its own.

  const sections = {};
  const register = (name, section) => { sections[name] = section; };

  // Overview: stats cards, held orders, what needs attention, charts, failed deliveries.
  async function loadOverview() {
    setError('overview-error', '');
    const days = $('stats-days').value;
    const [stats, failed, refused, recent, panels, held, attention] = await Promise.all([api(`/api/admin/stats?days=${days}`),
      api('/api/admin/deliveries?status=failed'), api('/api/admin/failures?days=7'), api('/api/admin/deliveries'),
      api('/api/admin/panels'), api('/api/admin/queue'), api('/api/admin/attention')]);
    if (attention.ok) renderAttention(attention.body.data); else setError('overview-error', messageOf(attention));
    if (held.ok) renderHeld(held.body.data); else setError('overview-error', messageOf(held));
    if (panels.ok) renderPanels(panels.body.data); else setError('overview-error', messageOf(panels));
    if (recent.ok) renderDeliveries(recent.body.data.deliveries.slice(0, 20)); else setError('overview-error', messageOf(recent));
    if (stats.ok) renderStats(stats.body.data); else setError('overview-error', messageOf(stats));
    if (failed.ok) renderFailed(failed.body.data.deliveries); else setError('overview-error', messageOf(failed));
    if (refused.ok) renderRefused(refused.body.data); else setError('overview-error', messageOf(refused));
  }

  function renderStats(d) {
    $('s-unused').textContent = num(d.codes.unused);
    $('s-used').textContent = num(d.codes.used);
    $('s-review').textContent = num(d.codes.needs_review);
    $('s-today').textContent = num(d.redemptions_today);
    $('stat-review').classList.toggle('attention', d.codes.needs_review > 0);
    setReviewCount(d.codes.needs_review);
    const b = d.balance;
    $('s-balance').textContent = b ? money(b.balance, b.currency) : 'Unavailable';
    const lasts = d.balance_forecast?.days_left;
    const pace = lasts == null ? '' : `Lasts about ${num(lasts)} ${lasts === 1 ? 'day' : 'days'} at the last 7 days' pace`;
    $('s-balance-note').textContent = !b ? 'The panel did not answer.' : d.low_balance ? `Low: below ${money(d.low_balance_threshold)}${pace ? `. ${pace}` : ''}` : pace;
    $('stat-balance').classList.toggle('warn', Boolean(d.low_balance));
    notice('low-balance', d.low_balance && b
      ? `Low panel balance: ${money(b.balance, b.currency)} is below ${money(d.low_balance_threshold)}${lasts == null ? '' : `; ${d.balance_forecast.text}`}. Top up the panel, or redemptions will start to fail.` : '');
    renderCharts(d);
  }

  function renderCharts(d) {
    const perDay = d.redemptions_per_day;
    Charts.dayBars($('chart-days'), perDay, {
      label: `Redemptions per day, last ${d.days} days`,
      valueOf: (x) => x.count,
      titleOf: (x) => `${x.day}: ${num(x.count)} redemptions, ${num(x.units)} units`,
    });
    const total = perDay.reduce((s, x) => s + x.count, 0);
    const units = perDay.reduce((s, x) => s + x.units, 0);
    $('chart-days-summary').textContent = `${num(total)} ${total === 1 ? 'redemption' : 'redemptions'}, ${num(units)} units in the last ${d.days} days.`;
    const platforms = [...d.units_per_platform].sort((a, b) => b.units - a.units);
    Charts.rowBars($('chart-platforms'), platforms.map((p) => ({
      label: platformName(p.platform), value: p.units,
      title: `${platformName(p.platform)}: ${num(p.units)} units in ${num(p.redemptions)} redemptions`,
    })), { label: `Units by platform, last ${d.days} days`, emptyText: 'No redemptions in this period.', format: num });
    $('chart-platforms-summary').textContent = platforms.length ? `Units delivered through redemptions, last ${d.days} days.` : '';
  }

  function renderFailed(deliveries) {
    fillTable($('failed-body'), deliveries.map((d) => [
      when(d.last_seen_at), td(`${d.invoice_id} / ${d.item_id}`, 'mono'), `${d.product_id ?? '—'} / ${d.variant_id || 'any'}`,
      num(d.quantity), num(d.attempts), d.error ?? '',
    ]), 'None.');
  }

  /** What each delivery came to: codes handed out, or a checkout order placed / fallen back. */
  const RESULT = {
    placing: 'Order being placed', placed: 'Order placed', fell_back: 'Fell back to a code', review: 'Order being checked (Review tab)',
    queued: 'Order held (Held orders)',
  };
  function renderDeliveries(list) {
    fillTable($('deliveries-body'), list.map((d) => {
      const codes = d.codes ? d.codes.split('\n').length : 0;
      const result = d.status === 'failed' ? `Failed: ${d.error ?? ''}`
        : d.outcome ? RESULT[d.outcome] ?? d.outcome : `${num(codes)} ${codes === 1 ? 'code' : 'codes'}`;
      return [when(d.last_seen_at), td(`${d.invoice_id} / ${d.item_id}`, 'mono'), d.product_id ?? '—', num(d.quantity), result];
    }), 'None yet.');
  }

  /** The shop's panels by name (`main` first), as /api/admin/panels last said. */
  let panelNames = ['main'];

  /** One balance card per panel beyond `main` (whose card the stats fill), each warning alone. */
  function renderPanels(d) {
    panelNames = ['main', ...d.panels.map((p) => p.name).filter((n) => n !== 'main')];
    for (const old of document.querySelectorAll('.stat.panel-extra')) old.remove();
    $('stat-balance').querySelector('.label').textContent = d.panels.length > 1 ? 'Panel main' : 'Panel balance';
    let after = $('stat-balance');
    for (const p of d.panels.filter((x) => x.name !== 'main')) {
      const card = el('div', { class: `stat panel-extra${p.low ? ' warn' : ''}`, 'data-panel': p.name },
        el('div', { class: 'label', text: `Panel ${p.name}` }),
        el('div', { class: 'value', text: p.answers ? money(p.balance, p.currency) : 'Unavailable' }),
        el('div', { class: 'sub', text: !p.answers ? 'The panel did not answer.' : p.low ? `Low: below ${money(d.threshold)}` : '' }));
      after.after(card);
      after = card;
    }
    const low = d.panels.filter((p) => p.low && p.name !== 'main').map((p) => `${p.name} (${money(p.balance, p.currency)})`);
    notice('low-panels', low.length ? `Low balance on panel ${low.join(', ')}: below ${money(d.threshold)}. Top it up, or orders fail over to the next panel.` : '');
  }

  function renderRefused(d) {
    $('s-refused').textContent = num(d.count);
    $('stat-refused').classList.toggle('attention', d.count > 0);
    fillTable($('refused-body'), d.failures.map((f) => [
      when(f.last_at), td(f.code, 'mono nowrap'), f.reason, num(f.attempts),
    ]), 'None.');
  }

  // Held orders: the panel refused for the shop's own reason; the code is kept (`queued`) and
  // the scheduled job places the order. "Place now" tries them at once.
  const HOLD_REASON = {
    panel_funds: 'Panel funds (top up the panel)', link_busy: 'An order already runs on the link',
    service_unavailable: 'Service off or renumbered',
  };
  const holdReason = (r) => HOLD_REASON[r] ?? r ?? '—';

  function renderHeld(d) {
    const held = [...d.held].sort((a, b) => String(a.since).localeCompare(String(b.since)));
    const oldest = held[0];
    $('s-held').textContent = num(d.count);
    $('s-held-note').textContent = d.count > 0 && (d.oldest ?? oldest?.since)
      ? `Oldest ${age(d.oldest ?? oldest.since)}${oldest ? ` · ${holdReason(oldest.reason)}` : ''}` : 'None';
    $('stat-held').classList.toggle('attention', d.count > 0);
    $('held-retry').classList.toggle('hidden', !(d.count > 0));
    $('held-card').classList.toggle('hidden', !held.length);
    fillTable($('held-body'), held.map((h) => [
      el('td', { class: 'nowrap', title: when(h.since), text: age(h.since) }), el('td', { class: 'mono nowrap' }, codeLink(h.code)),
      holdReason(h.reason), `${h.panel} / ${h.service_id}`, num(h.attempts),
      h.next_attempt ? td(when(h.next_attempt), 'nowrap') : td('—', 'muted'), td(h.link, 'link-cell'),
      el('td', {}, retryButton(h.code)),
    ]), 'None.');
  }

  /** What "Place now" did, in one line. */
  function retrySummary(r, code) {
    const parts = [[r.placed, 'placed'], [r.still_held, 'still held (tried again later)'],
      [r.returned, 'refused and given back to the buyer'], [r.to_review, 'without an answer (Review tab)'],
      [r.expired, 'held too long and given back to the buyer']].filter(([n]) => n > 0).map(([n, words]) => `${num(n)} ${words}`);
    return `${code ? `${code}: ` : ''}${parts.length ? parts.join(', ') : 'nothing was held'}.`;
  }

  /** POST /api/admin/queue/retry with `{}` (every held order) or one code, then the overview again. */
  async function retryHeld(button, code) {
    notice('held-result', '');
    const res = await busy(button, () => api('/api/admin/queue/retry', { method: 'POST', body: code ? { code } : {} }));
    if (!res.ok) { setError('overview-error', messageOf(res)); return; }
    const r = res.body.data;
    await loadOverview();
    $('held-result').className = `notice ${r.still_held || r.returned || r.to_review || r.expired ? 'warn' : 'ok'}`;
    notice('held-result', retrySummary(r, code));
    if (r.placed || r.returned || r.expired) sections.codes?.load();
    if (r.to_review) sections.review?.load();
  }
  const retryButton = (code) => {
    const b = el('button', { type: 'button', class: 'secondary small', text: 'Place now' });
    b.addEventListener('click', () => retryHeld(b, code));
    return b;
  };

  // Needs attention: the catalogue watch's findings, what a provider changed in a service the
  // shop sells (GET /api/admin/attention). "Check now" looks at every panel at once; "Move
  // codes…" opens the form (admin-manage.js) that moves everything on the service elsewhere.
  const FINDING = {
    gone: ['Gone from the catalogue', 'The panel no longer lists this service: every order of it would be refused.'],
    out_of_range: ['Quantity out of range', "The service's min–max no longer covers a quantity the shop sells: those orders would be refused."],
    rate_changed: ['Price changed', 'A code now costs the shop another amount than it was priced at.'],
    refill_dropped: ['Refill dropped', 'The service no longer offers refills, while codes or products promise them.'],
    mismatch: ['Now another platform or kind', "The service's name now names another platform or kind than the codes sell."],
    type_changed: ['Order type changed', "The service's API type changed: what an order of it must send may differ."],
  };
  const findingLabel = (kind) => FINDING[kind]?.[0] ?? kind;
  /** What a finding is, in words; a price change that makes a loss or goes under the floor stands out. */
  function findingWhat(f) {
    const title = FINDING[f.kind]?.[1];
    if (f.kind === 'rate_changed' && /, a loss\b/.test(f.new ?? '')) return el('td', { title }, el('strong', { class: 'warn-text', text: 'Price changed: sold at a loss' }));
    if (f.kind === 'rate_changed' && /under MIN_MARGIN_PERCENT/.test(f.new ?? '')) return el('td', { title }, el('strong', { class: 'warn-text', text: 'Price changed: margin under the floor' }));
    return el('td', { title, text: findingLabel(f.kind) });
  }

  function renderAttention(d) {
    const findings = d.findings ?? [];
    const services = new Set(findings.map((f) => `${f.panel}/${f.service_id}`)).size;
    const oldest = findings.map((f) => f.since).filter(Boolean).sort()[0];
    $('s-attention').textContent = d.count > 0 ? num(d.count) : 'None';
    $('s-attention-note').textContent = d.count > 0
      ? `${num(services)} ${services === 1 ? 'service' : 'services'}${oldest ? ` · oldest ${age(oldest)}` : ''}` : '';
    $('stat-attention').classList.toggle('attention', d.count > 0);
    $('attention-card').classList.toggle('hidden', !findings.length);
    fillTable($('attention-body'), findings.map((f) => [
      el('td', { class: 'nowrap', title: age(f.since), text: when(f.since) }), td(`${f.panel} / ${f.service_id}`, 'nowrap'),
      findingWhat(f), td(`${f.old || '—'} → ${f.new || '—'}`, 'change-cell'), num(f.unused_codes),
      f.products?.length ? td(f.products.join(', '), 'mono products-cell') : td('—', 'muted'),
      el('td', {}, f.unused_codes > 0 || f.products?.length ? moveButton(f) : null),
    ]), 'None.');
  }
  const moveButton = (f) => el('button', { type: 'button', class: 'secondary small nowrap', text: 'Move codes…', on: { click: () => sections.move?.open(f) } });

  const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;
  /** What "Check now" did, in one line: panels looked at, findings open and new, panels that did not answer. */
  function checkSummary(r, count) {
    const checked = r.checked?.length ? `Checked ${r.checked.length === 1 ? 'panel' : 'panels'} ${r.checked.join(', ')}` : 'No panel was checked';
    const found = count > 0 ? `${plural(count, 'finding', 'findings')} open (${num(r.opened)} new)` : 'nothing needs attention';
    const down = r.unavailable?.length
      ? ` ${r.unavailable.length === 1 ? 'Panel' : 'Panels'} ${r.unavailable.join(', ')} did not send ${r.unavailable.length === 1 ? 'its' : 'their'} catalogue: ${r.unavailable.length === 1 ? 'its' : 'their'} findings are as they were. Try again in a minute.` : '';
    return `${checked}: ${found}.${down}`;
  }

  /** POST /api/admin/attention/check: the watch, now, on every panel; the card from its answer. */
  async function checkAttention() {
    notice('attention-result', '');
    setError('overview-error', '');
    const res = await busy($('attention-check'), () => api('/api/admin/attention/check', { method: 'POST' }));
    if (!res.ok) { setError('overview-error', messageOf(res)); return; }
    const d = res.body.data;
    renderAttention(d);
    $('attention-result').className = `notice ${d.count > 0 || d.report?.unavailable?.length ? 'warn' : 'ok'}`;
    notice('attention-result', checkSummary(d.report ?? {}, d.count));
  }

  function setReviewCount(n) {
    $('review-count').textContent = n > 0 ? String(n) : '';
    $('review-count').classList.toggle('hidden', !(n > 0));
  }

  // Codes: filters, table, paging, CSV, void.
  function codeFilters() {
    const p = new URLSearchParams();
    for (const [name, id] of [['status', 'f-status'], ['platform', 'f-platform'], ['q', 'f-q']]) {
      const v = $(id).value.trim();
      if (v) p.set(name, v);
    }
    return p;
  }
  const codes = pagedTable({ prefix: 'codes', path: '/api/admin/codes', filters: codeFilters, listKey: 'codes', row: codeRow, empty: 'No codes match.' });
  const loadCodes = () => codes.load();

  function codeRow(c) {
    const source = c.invoice_id ? `Sellauth ${c.invoice_id}` : c.source;
    return [
      el('td', { class: 'mono nowrap' }, codeLink(c.code)), el('td', {}, badge(c.status)), platformName(c.platform), kindName(c.service_type),
      num(c.quantity), dayCell(c.created_date), c.expires_at ? dayCell(c.expires_at) : td('Never', 'muted'),
      c.order_id ? String(c.order_id) : '—', td(source, c.buyer_email ? undefined : 'muted'),
      el('td', {}, c.status === 'unused' ? voidButton(c.code) : null),
    ];
  }

  /** "Void" asks once more ("Really void?") before it acts: no blocking dialogs. */
  function voidButton(code) {
    const b = el('button', { type: 'button', class: 'secondary small', text: 'Void' });
    b.addEventListener('click', () => busy(b, async () => {
      if (!b.classList.contains('confirm')) { b.classList.add('confirm', 'danger'); b.textContent = 'Really void?'; return; }
      const res = await api(`/api/admin/codes/${encodeURIComponent(code)}/void`, { method: 'POST', body: {} });
      if (!res.ok) { setError('codes-error', `${code}: ${messageOf(res)}`); return; }
      await loadCodes();
    }));
    return b;
  }

  // One code: GET /api/admin/codes/{code}, with its order and its make-good (the code it
  // replaces, the one that replaced it), each a link to that code's view.

  /** A code that opens its view (in the Codes tab). */
  function codeLink(code) {
    return el('a', { href: '#codes', class: 'code-link', text: code, on: { click: (e) => { e.preventDefault(); openCode(code); } } });
  }

  let codeRequest = 0;
  async function openCode(code) {
    if (location.hash !== '#codes') { history.replaceState(null, '', '#codes'); showTab('codes', false); }
    const mine = ++codeRequest;
    setError('cv-error', '');
    $('cv-title').textContent = code;
    $('code-view').classList.remove('hidden');
    $('code-view').scrollIntoView({ behavior: 'smooth', block: 'start' });
    const res = await api(`/api/admin/codes/${encodeURIComponent(code)}`);
    if (mine !== codeRequest) return;
    if (!res.ok) { $('cv-facts').replaceChildren(); setError('cv-error', messageOf(res)); return; }
    renderCode(res.body.data);
  }

  function renderCode(d) {
    const c = d.code;
    const o = d.order;
    $('cv-title').textContent = c.code;
    const source = [c.invoice_id ? `Sellauth invoice ${c.invoice_id}` : c.source, c.buyer_email].filter(Boolean).join(' · ');
    const facts = [
      ['Status', badge(c.status)],
      ['Buys', `${num(c.quantity)} ${kindName(c.service_type)} on ${platformName(c.platform)} (service ${c.service_id})`],
      ['Created', when(c.created_date)],
      ['Expires', c.expires_at ? when(c.expires_at) : 'Never'],
      ['Source', source || '—'],
      c.used_date ? ['Used', when(c.used_date)] : null,
      o ? ['Order', `${o.order_id}${o.panel && o.panel !== 'main' ? ` (${o.panel})` : ''}${o.status ? ` · ${o.status}` : ''} · placed ${when(o.placed_at)}`]
        : c.order_id ? ['Order', String(c.order_id)] : null,
      o?.link || c.pending_link ? ['Link', o?.link ?? c.pending_link] : null,
      c.review_reason ? ['Why in review', c.review_reason] : null,
      d.replaces ? ['Replaces', el('span', {}, codeLink(d.replaces), ' (its order was not fully delivered)')] : null,
      d.replaced_by ? ['Replaced by', el('span', {}, codeLink(d.replaced_by.code), ` for the ${num(d.replaced_by.quantity)} not delivered`)] : null,
      d.make_good === 'below_minimum' ? ['Make-good', 'What was not delivered is below the service minimum: no code was made. Settle it with the buyer.'] : null,
      d.make_good === 'replaced' && !d.replaced_by ? ['Make-good', 'A replacement code was made.'] : null,
      ['Redemptions', num(d.redemptions?.length ?? 0)],
    ].filter(Boolean);
    $('cv-facts').replaceChildren(...facts.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v instanceof Node ? v : document.createTextNode(v))]));
  }

  function closeCode() {
    codeRequest++;
    $('code-view').classList.add('hidden');
    $('cv-facts').replaceChildren();
    setError('cv-error', '');
  }

  // Redemptions: date range, table, paging, CSV.
  function redemptionFilters() {
    const p = new URLSearchParams();
    if ($('r-from').value) p.set('from', $('r-from').value);
    if ($('r-to').value) p.set('to', $('r-to').value);
    return p;
  }
  const redemptionRow = (r) => [
    td(when(r.redeemed_date), 'nowrap'), td(r.code, 'mono nowrap'), r.username || r.user_id || '—',
    platformName(r.platform), kindName(r.service_type), num(r.quantity), td(r.link, 'link-cell'),
    // With several panels, which one took the order (a fail-over shows here).
    r.order_id ? (r.panel && r.panel !== 'main' ? `${r.order_id} (${r.panel})` : String(r.order_id)) : '—',
  ];
  const redemptions = pagedTable({ prefix: 'redemptions', path: '/api/admin/redemptions', filters: redemptionFilters, listKey: 'redemptions', row: redemptionRow, empty: 'No redemptions in this range.' });
  const loadRedemptions = () => redemptions.load();

  function wireLists() {
    $('stats-days').addEventListener('change', loadOverview);
    $('codes-filter').addEventListener('submit', (e) => { e.preventDefault(); codes.reset(); loadCodes(); });
    for (const id of ['f-status', 'f-platform']) $(id).addEventListener('change', () => { codes.reset(); loadCodes(); });
    $('codes-csv').addEventListener('click', () => download(`/api/admin/codes.csv?${codeFilters()}`, 'codes.csv', 'codes-error'));
    $('redemptions-filter').addEventListener('submit', (e) => { e.preventDefault(); redemptions.reset(); loadRedemptions(); });
    $('redemptions-csv').addEventListener('click', () => download(`/api/admin/redemptions.csv?${redemptionFilters()}`, 'redemptions.csv', 'redemptions-error'));
    $('held-retry').addEventListener('click', () => retryHeld($('held-retry')));
    $('attention-check').addEventListener('click', checkAttention);
    $('cv-close').addEventListener('click', closeCode);
  }

  register('overview', { load: loadOverview });
  register('codes', { load: loadCodes, reset: () => { codes.reset(); $('codes-filter').reset(); closeCode(); } });
  register('redemptions', { load: loadRedemptions, reset: () => { redemptions.reset(); $('redemptions-filter').reset(); } });

  // ---- tabs --------------------------------------------------------------------------------

  const TABS = ['overview', 'money', 'codes', 'redemptions', 'orders', 'products', 'review'];
  const currentTab = () => (TABS.includes(location.hash.slice(1)) ? location.hash.slice(1) : 'overview');

  function showTab(name, reload = true) {
    for (const t of TABS) $(`tab-${t}`).classList.toggle('hidden', t !== name);
    for (const a of document.querySelectorAll('#tabs a')) {
      if (a.dataset.tab === name) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    Charts.refresh();
    if (reload && loggedIn) sections[name]?.load();
  }

  // ---- login / logout ----------------------------------------------------------------------

  let loggedIn = false;

  function show(on) {
    loggedIn = on;
    $('login-view').classList.toggle('hidden', on);
    $('dashboard-view').classList.toggle('hidden', !on);
    $('logout').classList.toggle('hidden', !on);
  }

  /** Checks the key with a cheap call, then loads every section. */
  async function tryLogin() {
    // The key's first use fetches the names every select and label shows.
    const res = await api('/api/admin/vocabulary');
    if (!res.ok) {
      sessionStorage.removeItem(KEY);
      show(false);
      $('login-error').textContent = messageOf(res);
      $('api-key').focus();
      return;
    }
    Object.assign(vocab, res.body.data);
    for (const s of document.querySelectorAll('select[data-options]')) fillSelect(s);
    $('api-key').value = '';
    show(true);
    showTab(currentTab(), false);
    await Promise.all(TABS.map((t) => sections[t]?.load()));
  }

  /** Forgets the key and everything shown with it. */
  function logout(message = '') {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(BOOKMARK);
    show(false);
    for (const s of Object.values(sections)) s.reset?.();
    for (const id of ['codes-body', 'redemptions-body', 'products-body', 'failed-body', 'held-body', 'attention-body']) fillTable($(id), [], '');
    notice('held-result', '');
    notice('attention-result', '');
    $('review-list').replaceChildren();
    $('login-error').textContent = message;
    $('api-key').value = '';
    $('api-key').focus();
  }

  function start() {
    wireLists();
    $('login-form').addEventListener('submit', (e) => {
      e.preventDefault();
      $('login-error').textContent = '';
      const key = $('api-key').value.trim();
      if (!key) { $('login-error').textContent = 'Enter the admin API key.'; return; }
      sessionStorage.setItem(KEY, key);
      busy($('login-submit'), tryLogin);
    });
    $('logout').addEventListener('click', () => logout());
    window.addEventListener('hashchange', () => showTab(currentTab()));
    if (sessionStorage.getItem(KEY)) tryLogin();
    showShop();
  }

  /** The shop's name (SHOP_NAME) in the title and header. */
  async function showShop() {
    const shop = await fetch('/api/health').then((r) => r.json()).then((b) => b.data?.shop).catch(() => null);
    if (!shop) return;
    document.title = `${shop} · admin`;
    $('shop-name').textContent = `${shop} · admin`;
  }

  // Deferred scripts run in order before DOMContentLoaded: admin-manage.js registers first.
  document.addEventListener('DOMContentLoaded', start);

  return {
    $, el, td, badge, num, when, money, fillTable, setError, notice, api, messageOf, busy,
    register, reload: (name) => sections[name]?.load(), setReviewCount, platformName, kindName,
    serviceLabel, download, panels: () => [...panelNames], findingLabel,
  };
})();
