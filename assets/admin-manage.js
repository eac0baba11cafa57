// Admin dashboard, the sections that change things: create codes, manual orders, product
// mappings, the needs-review queue. Helpers come from admin.js (the Admin object).
'use strict';
(() => {
  const { $, el, td, num, when, fillTable, setError, notice, api, messageOf, busy, register, reload } = Admin;

  /** A whole number from an input, or undefined when blank. */
  function intOf(id) {
    const v = $(id).value.trim();
    return v === '' ? undefined : Number(v);
  }
  const textOf = (id) => $(id).value.trim() || undefined;

  /** What the buyer gives besides the link, and the drip-feed, as a template sends them
   *  (null clears them on an edit). */
  function extras(prefix) {
    const runs = intOf(`${prefix}-drip-runs`);
    const interval = intOf(`${prefix}-drip-interval`);
    const sub = { posts: intOf(`${prefix}-sub-posts`), delay: intOf(`${prefix}-sub-delay`), expiry_days: intOf(`${prefix}-sub-days`) };
    const fixed = Object.values(sub).some((v) => v !== undefined);
    return {
      order_input: $(`${prefix}-input`).value || null,
      ...(fixed ? { subscription: sub } : {}),
      drip_feed: runs === undefined ? null : { runs, interval: interval ?? 30 },
    };
  }

  // ---- Create codes ------------------------------------------------------------------------

  /** After a `service_mismatch` refusal the next submit of that form confirms it ("… anyway");
   *  changing the service, platform or kind takes that back. */
  function mismatchGuard(form, button, label, fields) {
    const guard = { confirmed: false };
    const clear = () => { guard.confirmed = false; $(button).textContent = label(); };
    for (const id of fields) $(id).addEventListener('input', clear);
    guard.refused = (res) => {
      if (res.body?.error?.code !== 'service_mismatch') return false;
      guard.confirmed = true;
      $(button).textContent = `${label()} anyway`;
      return true;
    };
    guard.clear = clear;
    return guard;
  }
  const createGuard = mismatchGuard('create-form', 'create-submit', () => 'Create codes', ['c-service', 'c-platform', 'c-type']);
  const productGuard = mismatchGuard('product-form', 'product-submit', () => (editing === null ? 'Add mapping' : 'Save changes'), ['p-service', 'p-platform', 'p-type']);

  async function createCodes(e) {
    e.preventDefault();
    setError('create-error', '');
    const body = {
      count: intOf('c-count'), service_id: intOf('c-service'), quantity: intOf('c-quantity'),
      platform: $('c-platform').value, service_type: $('c-type').value, has_refill: $('c-refill').checked,
      expiry_days: intOf('c-expiry'), requirements: textOf('c-requirements'), prefix: textOf('c-prefix'), ...extras('c'),
      confirm_mismatch: createGuard.confirmed || undefined,
    };
    if (!Number.isInteger(body.service_id)) { setError('create-error', 'Pick the panel service: search by name, category or id, then choose it from the list.'); return; }
    for (const [k, label] of [['count', 'How many'], ['quantity', 'Quantity per code']]) {
      if (!Number.isInteger(body[k]) || body[k] < 1) { setError('create-error', `${label}: enter a whole number above 0.`); return; }
    }
    const res = await busy($('create-submit'), () => api('/api/admin/codes', { method: 'POST', body }));
    if (!res.ok) { createGuard.refused(res); setError('create-error', messageOf(res)); return; }
    createGuard.clear();
    const d = res.body.data;
    $('created-codes').value = d.codes.join('\n');
    $('created-codes').rows = Math.min(Math.max(d.codes.length, 3), 12);
    const expiry = d.expires_at ? `are valid until ${when(d.expires_at)}` : 'never expire';
    notice('create-summary', `Created ${num(d.count)} codes: ${num(d.quantity)} ${Admin.kindName(d.service_type)} on ${Admin.platformName(d.platform)} each (service ${d.service_id}); they ${expiry}.${d.unit_cost == null ? '' : ` Each costs ${Admin.money(d.unit_cost)} on the panel.`}`);
    $('copy-status').textContent = '';
    $('create-result').classList.remove('hidden');
    reload('codes');
    reload('overview');
  }

  /** Copies through the Clipboard API; where that is refused, selects the text for Ctrl+C. */
  async function copyCodes() {
    const area = $('created-codes');
    const lines = area.value.split('\n').filter(Boolean).length;
    try {
      await navigator.clipboard.writeText(area.value);
      $('copy-status').textContent = `Copied ${lines} codes.`;
    } catch {
      area.focus();
      area.select();
      $('copy-status').textContent = 'Selected: press Ctrl+C (⌘C) to copy.';
    }
  }

  // ---- Orders ------------------------------------------------------------------------------

  async function placeOrder(e) {
    e.preventDefault();
    setError('order-error', '');
    notice('order-result', '');
    const body = {
      service_id: intOf('o-service'), quantity: intOf('o-quantity'), link: $('o-link').value.trim(),
      platform: $('o-platform').value || undefined, service_type: $('o-type').value || undefined,
    };
    if (!Number.isInteger(body.service_id)) { setError('order-error', 'Pick the panel service from the list.'); return; }
    if (!Number.isInteger(body.quantity)) { setError('order-error', 'Enter the quantity.'); return; }
    if (!body.link) { setError('order-error', 'Enter the link.'); return; }
    const res = await busy($('order-submit'), () => api('/api/admin/order', { method: 'POST', body }));
    if (!res.ok) { setError('order-error', messageOf(res)); return; }
    const d = res.body.data;
    notice('order-result', `Order ${d.order_id} placed: ${num(d.quantity)} for ${d.link}.`);
    $('l-order').value = d.order_id;
  }

  function showFacts(pairs) {
    const dl = $('lookup-facts');
    dl.replaceChildren(...pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', { text: v ?? '—' })]));
    dl.classList.toggle('hidden', !pairs.length);
  }

  function orderIdOrError() {
    setError('lookup-error', '');
    notice('lookup-notice', '');
    const id = intOf('l-order');
    if (!Number.isInteger(id) || id < 1) { setError('lookup-error', 'Enter the order id (a number).'); return null; }
    return id;
  }

  async function checkOrder(e) {
    e.preventDefault();
    const id = orderIdOrError();
    if (id === null) return;
    const res = await busy($('lookup-status'), () => api(`/api/admin/orders/${id}`));
    if (!res.ok) { showFacts([]); setError('lookup-error', messageOf(res)); return; }
    const { panel, order } = res.body.data;
    showFacts([
      ['Order', String(res.body.data.order_id)], ['Status', panel.status], ['Charge', panel.charge ? `${panel.charge} ${panel.currency ?? ''}`.trim() : '—'],
      ['Start count', panel.start_count == null ? '—' : num(panel.start_count)], ['Remains', panel.remains == null ? '—' : num(panel.remains)],
      ...(order ? [['Link', order.link], ['Quantity', num(order.quantity)], ['Placed', when(order.placed_at)], ['From', order.code ?? order.source],
        ...(order.refill_id ? [['Refill', `${order.refill_id} (${when(order.refill_requested_at)})`]] : [])] : [['Recorded here', 'No (placed elsewhere)']]),
    ]);
  }

  async function refillOrder() {
    const id = orderIdOrError();
    if (id === null) return;
    const res = await busy($('lookup-refill'), () => api(`/api/admin/orders/${id}/refill`, { method: 'POST', body: {} }));
    if (!res.ok) { setError('lookup-error', messageOf(res)); return; }
    notice('lookup-notice', `Refill ${res.body.data.refill_id} requested for order ${res.body.data.order_id}.`);
  }

  // ---- Products ----------------------------------------------------------------------------

  let editing = null; // the mapping in the form, or null when adding
  /** A mapping is addressed as Sellauth names it: product id, and the variant's own id. */
  const productUrl = (p) => `/api/admin/products/${encodeURIComponent(p.product_id)}${p.variant_id ? `?variant_id=${encodeURIComponent(p.variant_id)}` : ''}`;

  async function loadProducts() {
    setError('products-error', '');
    const res = await api('/api/admin/products');
    if (!res.ok) { setError('products-error', messageOf(res)); return; }
    const labels = await Promise.all(res.body.data.products.map((p) => Admin.serviceLabel(p.service_id)));
    fillTable($('products-body'), res.body.data.products.map((p, i) => [
      td(p.product_id, 'mono'), td(p.variant_id || 'every variant', p.variant_id ? 'mono' : 'muted'), labels[i], num(p.quantity),
      p.unit_cost == null ? td('—', 'muted') : Admin.money(p.unit_cost),
      Admin.platformName(p.platform), Admin.kindName(p.service_type),
      p.fulfilment === 'order' ? `Order at checkout (“${p.link_field}”)` : 'Code',
      p.has_refill ? 'Yes' : 'No',
      p.expiry_days ? `${p.expiry_days} days` : 'Never',
      el('td', { class: 'nowrap' }, el('button', { type: 'button', class: 'secondary small', text: 'Edit', on: { click: () => editProduct(p) } }), ' ', deleteButton(p)),
    ]), 'No products are mapped yet. Add one below.');
  }

  function deleteButton(p) {
    const b = el('button', { type: 'button', class: 'secondary small', text: 'Delete' });
    b.addEventListener('click', () => busy(b, async () => {
      if (!b.classList.contains('confirm')) { b.classList.add('confirm', 'danger'); b.textContent = 'Really delete?'; return; }
      const res = await api(productUrl(p), { method: 'DELETE' });
      if (!res.ok) { setError('products-error', messageOf(res)); return; }
      if (editing?.id === p.id) resetProductForm();
      notice('product-notice', `Mapping for product ${p.product_id} deleted.`);
      await loadProducts();
    }));
    return b;
  }

  function editProduct(p) {
    editing = p;
    $('p-product').value = p.product_id;
    $('p-variant').value = p.variant_id ?? '';
    $('p-quantity').value = p.quantity;
    $('p-platform').value = p.platform;
    $('p-type').value = p.service_type;
    $('p-expiry').value = p.expiry_days ?? 0;
    $('p-requirements').value = p.requirements ?? '';
    $('p-refill').checked = Boolean(p.has_refill);
    $('p-fulfilment').value = p.fulfilment ?? 'code';
    $('p-link-field').value = p.link_field ?? '';
    // Stored as the type's key, then a subscription's settings: `subscriptions;posts=10;delay=30`.
    const [type, ...settings] = (p.order_input ?? '').split(';');
    const legacy = { comments: 'custom_comments', usernames: 'mentions', answer_number: 'poll' };
    $('p-input').value = legacy[type] ?? type;
    const setting = Object.fromEntries(settings.map((kv) => kv.split('=')));
    $('p-sub-posts').value = setting.posts ?? '';
    $('p-sub-delay').value = setting.delay ?? '';
    $('p-sub-days').value = setting.expiry_days ?? '';
    $('p-drip-runs').value = p.drip_runs ?? '';
    $('p-drip-interval').value = p.drip_interval ?? '';
    syncFulfilment();
    productPicker.set(p.service_id);
    productGuard.clear();
    $('product-form-title').textContent = `Edit mapping for product ${p.product_id}`;
    $('product-submit').textContent = 'Save changes';
    $('product-cancel').classList.remove('hidden');
    setError('product-error', '');
    notice('product-notice', '');
    $('product-form').scrollIntoView({ behavior: 'smooth', block: 'start' });
    $('p-product').focus({ preventScroll: true });
  }

  function resetProductForm() {
    editing = null;
    $('product-form').reset();
    $('product-form-title').textContent = 'Add a mapping';
    $('product-submit').textContent = 'Add mapping';
    $('product-cancel').classList.add('hidden');
    $('p-service-name').textContent = '';
    syncFulfilment();
    productGuard.clear();
    setError('product-error', '');
  }

  async function saveProduct(e) {
    e.preventDefault();
    setError('product-error', '');
    notice('product-notice', '');
    const body = {
      product_id: textOf('p-product'), variant_id: textOf('p-variant') ?? null, service_id: intOf('p-service'), quantity: intOf('p-quantity'),
      platform: $('p-platform').value, service_type: $('p-type').value, expiry_days: intOf('p-expiry'),
      requirements: textOf('p-requirements') ?? null, has_refill: $('p-refill').checked, ...extras('p'),
      confirm_mismatch: productGuard.confirmed || undefined,
      fulfilment: $('p-fulfilment').value, link_field: $('p-fulfilment').value === 'order' ? textOf('p-link-field') ?? null : null,
    };
    if (!body.product_id) { setError('product-error', 'Enter the Sellauth product id.'); return; }
    if (!Number.isInteger(body.service_id)) { setError('product-error', 'Pick the panel service from the list.'); return; }
    if (!Number.isInteger(body.quantity)) { setError('product-error', 'Enter the quantity.'); return; }
    const wasEditing = editing;
    const res = await busy($('product-submit'), () => (wasEditing === null
      ? api('/api/admin/products', { method: 'POST', body })
      : api(productUrl(wasEditing), { method: 'PUT', body })));
    if (!res.ok) { productGuard.refused(res); setError('product-error', messageOf(res)); return; }
    resetProductForm();
    notice('product-notice', `${wasEditing === null ? 'Mapped' : 'Updated'} product ${body.product_id}${body.variant_id ? ` variant ${body.variant_id}` : ''}.`);
    await loadProducts();
  }

  // ---- Needs review ------------------------------------------------------------------------

  async function loadReview() {
    setError('review-error', '');
    const res = await api('/api/admin/codes?status=needs_review&limit=500');
    if (!res.ok) { setError('review-error', messageOf(res)); return; }
    const codes = res.body.data.codes;
    Admin.setReviewCount(codes.length);
    $('review-list').replaceChildren(...(codes.length ? codes.map(reviewItem) : [el('p', { class: 'hint', text: 'Nothing waits for review.' })]));
  }

  function reviewItem(c) {
    const error = el('div', { class: 'error', role: 'alert' });
    const orderInput = el('input', { type: 'number', min: '1', inputmode: 'numeric', 'aria-label': `Panel order id for ${c.code}`, placeholder: 'Panel order id' });
    const resolveBtn = el('button', { type: 'button', text: 'Resolve' });
    const unusedBtn = el('button', { type: 'button', class: 'secondary', text: 'No order: back to unused' });
    const item = el('article', { class: 'review-item', 'data-code': c.code },
      el('h3', { class: 'mono', text: c.code }),
      el('dl', { class: 'facts' },
        el('dt', { text: 'Buys' }), el('dd', { text: `${num(c.quantity)} ${Admin.kindName(c.service_type)} on ${Admin.platformName(c.platform)} (service ${c.service_id})` }),
        el('dt', { text: 'Check panel' }), el('dd', { class: 'pending-panel', text: c.pending_panel ? `${c.pending_panel} (service ${c.pending_service_id})` : 'main' }),
        el('dt', { text: 'Link' }), el('dd', { class: 'pending-link', text: c.pending_link ?? '—' }),
        el('dt', { text: 'Why' }), el('dd', { class: 'review-reason', text: c.review_reason ?? '—' }),
        el('dt', { text: 'Since' }), el('dd', { text: when(c.reserved_at ?? c.used_date ?? c.created_date) })),
      el('div', { class: 'resolve-row' },
        el('span', { class: 'inline-label', text: 'Order exists:' }), orderInput, resolveBtn, unusedBtn),
      error);
    const settle = (button, body, done) => busy(button, async () => {
      error.textContent = '';
      const res = await api(`/api/admin/codes/${encodeURIComponent(c.code)}/resolve`, { method: 'POST', body });
      if (!res.ok) { error.textContent = messageOf(res); return; }
      item.replaceChildren(el('div', { class: 'notice ok', role: 'status', text: `${c.code}: ${done}` }));
      item.classList.add('settled');
      reload('overview');
    });
    resolveBtn.addEventListener('click', () => {
      const id = Number(orderInput.value.trim());
      if (!Number.isInteger(id) || id < 1) { error.textContent = 'Enter the panel order id first.'; orderInput.focus(); return; }
      settle(resolveBtn, { order_id: id }, `marked used with order ${id}.`);
    });
    unusedBtn.addEventListener('click', () => settle(unusedBtn, { back_to_unused: true }, 'back to unused; the buyer can redeem it again.'));
    return item;
  }

  // ---- Needs attention: move codes off a changed service -------------------------------------
  // POST /api/admin/codes/retarget: every unused and held code and every product on the
  // finding's service then buys the choices picked here (in order); held orders are placed.

  let moving = null; // the finding whose service the form moves codes off, or null
  const quantitiesSold = () => moving?.quantities ?? [];
  const movePickers = [
    ServicePicker.attach({ field: 'm-service', quantities: quantitiesSold, hint: 'm-service-name', costLabel: 'Cost per code', panel: 'm-panel' }),
    ServicePicker.attach({ field: 'm2-service', quantities: quantitiesSold, hint: 'm2-service-name', costLabel: 'Cost per code', panel: 'm2-panel' }),
  ];
  const secondShown = () => !$('m2-service-name').classList.contains('hidden');
  const plural = (n, one, many) => `${num(n)} ${n === 1 ? one : many}`;

  /** "Confirm it fits" shows only after a `service_mismatch` refusal, for the services then
   *  picked: another choice takes it back. */
  function clearConfirm() {
    $('m-confirm').checked = false;
    $('move-confirm-wrap').classList.add('hidden');
  }
  function showSecond(on) {
    for (const n of document.querySelectorAll('#move-form .second-choice')) n.classList.toggle('hidden', !on);
    $('move-add-second').parentElement.classList.toggle('hidden', on);
    if (!on) { $('m2-service').value = ''; $('m2-service-search').value = ''; $('m2-service-search').dispatchEvent(new Event('input')); }
    clearConfirm();
  }

  function fillPanels(select, names, value) {
    select.replaceChildren(...names.map((n) => el('option', { value: n, text: n })));
    select.value = value;
  }

  function openMove(f) {
    moving = f;
    $('move-form').reset();
    const names = [...new Set([...Admin.panels(), f.panel])];
    fillPanels($('m-panel'), names, f.panel);
    fillPanels($('m2-panel'), names, names.find((n) => n !== f.panel) ?? f.panel);
    // One panel: nothing to pick.
    $('m-panel').parentElement.classList.toggle('hidden', names.length < 2);
    showSecond(false);
    setError('move-error', '');
    $('move-title').textContent = `Move codes off ${f.panel} / ${f.service_id}`;
    const products = f.products?.length ? `${plural(f.products.length, 'product', 'products')} (${f.products.join(', ')})` : 'no product';
    const sold = f.quantities?.length ? ` Quantities sold: ${f.quantities.map(num).join(', ')}; the new service must cover each, and its cost per code is shown before saving.` : '';
    $('move-what').textContent = `${Admin.findingLabel(f.kind)}. On it: ${plural(f.unused_codes, 'unused or held code', 'unused or held codes')} and ${products}.${sold} Each of them will then buy only the choices picked here, in order; held orders are placed right after.`;
    $('move-form').classList.remove('hidden');
    $('move-form').scrollIntoView({ behavior: 'smooth', block: 'start' });
    $('m-service-search').focus({ preventScroll: true });
  }

  function closeMove() {
    moving = null;
    $('move-form').reset();
    clearConfirm();
    setError('move-error', '');
    $('move-form').classList.add('hidden');
  }

  async function saveMove(e) {
    e.preventDefault();
    if (!moving) return;
    setError('move-error', '');
    const from = { panel: moving.panel, service_id: moving.service_id };
    const first = intOf('m-service');
    if (!Number.isInteger(first)) { setError('move-error', 'Pick the new service: search by name, category or id, then choose it from the list.'); return; }
    const to = [{ panel: $('m-panel').value || from.panel, service_id: first }];
    if (secondShown()) {
      const second = intOf('m2-service');
      if (Number.isInteger(second)) to.push({ panel: $('m2-panel').value || from.panel, service_id: second });
      else if ($('m2-service-search').value.trim()) { setError('move-error', 'Choose the second service from the list, or remove the second choice.'); return; }
    }
    const same = (a, b) => a.panel === b.panel && a.service_id === b.service_id;
    if (to.some((c) => same(c, from))) { setError('move-error', `That is the service the codes are on now (${from.panel} / ${from.service_id}): pick another.`); return; }
    if (to.length > 1 && same(to[0], to[1])) { setError('move-error', 'The second choice is the first one again: pick another, or remove it.'); return; }
    const confirmed = !$('move-confirm-wrap').classList.contains('hidden') && $('m-confirm').checked;
    const body = { from, to, confirm_mismatch: confirmed };
    const res = await busy($('move-submit'), () => api('/api/admin/codes/retarget', { method: 'POST', body }));
    if (!res.ok) {
      const code = res.body?.error?.code;
      if (code === 'service_mismatch') {
        $('move-confirm-wrap').classList.remove('hidden');
        setError('move-error', `${messageOf(res)} If the service is right for these codes anyway, tick "Confirm it fits" and save again.`);
        return;
      }
      setError('move-error', messageOf(res));
      // Moved or sold out meanwhile: the card shows what is left.
      if (code === 'nothing_on_service') reload('overview');
      return;
    }
    const d = res.body.data;
    const where = to.map((c) => `${c.panel} / ${c.service_id}`).join(', then ');
    closeMove();
    $('attention-result').className = 'notice ok';
    notice('attention-result', `Moved ${plural(d.codes, 'code', 'codes')} and ${plural(d.products, 'product', 'products')}; placed ${plural(d.placed, 'held order', 'held orders')}. They now buy ${where}.`);
    $('attention-result').scrollIntoView({ behavior: 'smooth', block: 'nearest' });
    reload('overview');
    reload('codes');
    reload('products');
  }

  // ---- wiring ------------------------------------------------------------------------------

  $('create-form').addEventListener('submit', createCodes);
  $('copy-codes').addEventListener('click', copyCodes);
  $('order-form').addEventListener('submit', placeOrder);
  $('lookup-form').addEventListener('submit', checkOrder);
  $('lookup-refill').addEventListener('click', refillOrder);
  $('product-form').addEventListener('submit', saveProduct);
  $('product-cancel').addEventListener('click', resetProductForm);
  const productPicker = ServicePicker.attach({ field: 'p-service', quantity: 'p-quantity', hint: 'p-service-name', costLabel: 'Cost per unit sold', runs: 'p-drip-runs' });
  /** The link field matters only for "Order at checkout". */
  function syncFulfilment() {
    const order = $('p-fulfilment').value === 'order';
    $('p-link-field').disabled = !order;
    $('p-link-field').required = order;
  }
  $('p-fulfilment').addEventListener('change', syncFulfilment);
  ServicePicker.attach({ field: 'c-service', quantity: 'c-quantity', hint: 'c-service-name', costLabel: 'Cost per code', runs: 'c-drip-runs' });
  ServicePicker.attach({ field: 'o-service', quantity: 'o-quantity', hint: 'o-service-name', costLabel: 'Cost of the order' });

  $('move-form').addEventListener('submit', saveMove);
  $('move-cancel').addEventListener('click', closeMove);
  $('move-add-second').addEventListener('click', () => {
    showSecond(true);
    $('m2-panel').parentElement.classList.toggle('hidden', $('m2-panel').options.length < 2);
    $('m2-service-search').focus();
  });
  $('move-remove-second').addEventListener('click', () => showSecond(false));
  for (const id of ['m-service', 'm2-service', 'm-panel', 'm2-panel']) $(id).addEventListener('input', clearConfirm);
  register('move', { load: () => {}, open: openMove, reset: closeMove });

  register('orders', { load: () => {}, reset: () => { $('order-form').reset(); $('lookup-form').reset(); notice('order-result', ''); notice('lookup-notice', ''); showFacts([]); } });
  register('products', { load: loadProducts, reset: resetProductForm });
  register('review', { load: loadReview });
  register('create', {
    load: () => {},
    reset: () => { $('create-form').reset(); $('created-codes').value = ''; $('create-result').classList.add('hidden'); },
  });
})();
