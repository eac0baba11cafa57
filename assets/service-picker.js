// The service picker of the dashboard's forms: search a panel's catalogue by name, category
// or id (GET /api/admin/services?panel=&q=), pick one, and see its rate per 1,000, limits,
// refill and cancel, and what one code (or order) of the form's quantity costs, before saving.
// The chosen id lives in a hidden input, so the forms read it as before.
'use strict';
window.ServicePicker = (() => {
  const { $, el, api, messageOf, money, num } = Admin;

  /** `field`: the hidden input's id (`${field}-search`, `${field}-results` beside it);
   *  `quantity`: the input whose quantity is priced, or `quantities`: a function giving every
   *  quantity to price (one line each); `hint`: where the choice is described;
   *  `costLabel`: "Cost per code" or "Cost of the order"; `runs`: the drip-feed runs input,
   *  if the form has one (every run is paid for); `panel`: a select naming the panel whose
   *  catalogue is searched (none: `main`). */
  function attach({ field, quantity, quantities, hint, costLabel, runs, panel }) {
    const hidden = $(field), search = $(`${field}-search`), list = $(`${field}-results`);
    let chosen = null, currency = null, request = 0, timer = 0;

    const close = () => { list.classList.add('hidden'); search.setAttribute('aria-expanded', 'false'); };
    const amounts = () => (quantities ? quantities() : [Number($(quantity).value)]);
    function describe() {
      if (!chosen) { $(hint).replaceChildren(); return; }
      const s = chosen;
      const flags = [s.refill ? 'refill' : 'no refill', s.cancel ? 'cancel' : 'no cancel'].join(' · ');
      const lines = [el('span', { text: `${s.name} (${s.category}) · ${money(s.rate, currency)} per 1,000 · ${num(s.min)}–${num(s.max)} · ${flags}` })];
      const r = runs ? Number($(runs).value) || 1 : 1;
      for (const q of amounts().map(Number)) {
        if (!Number.isInteger(q) || q <= 0) continue;
        const out = q < s.min || q > s.max;
        const times = r > 1 ? ` × ${num(r)} runs` : '';
        lines.push(el('br'), out
          ? el('strong', { class: 'warn-text', text: `Quantity ${num(q)} is outside this service's ${num(s.min)}–${num(s.max)}: the panel would refuse it.` })
          : el('strong', { class: 'cost', text: `${costLabel}: ${money(cost(s.rate, q * r), currency)} (${num(q)} × ${s.rate} / 1,000${times})` }));
      }
      $(hint).replaceChildren(...lines);
    }
    /** Takes the choice back (typing again, another panel): what is saved is what the box shows. */
    function takeBack() {
      if (!chosen) return;
      chosen = null;
      hidden.value = '';
      hidden.dispatchEvent(new Event('input'));
      describe();
    }
    function choose(s) {
      chosen = s;
      hidden.value = s ? String(s.id) : '';
      hidden.dispatchEvent(new Event('input'));
      search.value = s ? `${s.id} · ${s.name}` : search.value;
      close();
      describe();
    }
    function render(services, matches) {
      const items = services.slice(0, 8).map((s) => el('li', { role: 'option' },
        el('button', { type: 'button', class: 'pick', 'data-service': s.id, on: { click: () => { choose(s); search.focus(); } } },
          el('span', { class: 'pick-name', text: `${s.id} · ${s.name}` }),
          el('span', { class: 'pick-meta', text: `${s.category} · ${money(s.rate, currency)} / 1,000 · ${num(s.min)}–${num(s.max)}${s.refill ? ' · refill' : ''}${s.cancel ? ' · cancel' : ''}` }))));
      if (!items.length) items.push(el('li', { class: 'hint', text: 'No service matches. Try fewer or other words.' }));
      else if (matches > items.length) items.push(el('li', { class: 'hint', text: `${num(matches - items.length)} more: type more words to narrow.` }));
      list.replaceChildren(...items);
      list.classList.remove('hidden');
      search.setAttribute('aria-expanded', 'true');
    }
    async function find(q) {
      const mine = ++request;
      const params = new URLSearchParams({ q });
      if (panel && $(panel).value) params.set('panel', $(panel).value);
      const res = await api(`/api/admin/services?${params}`);
      if (mine !== request) return null;
      if (!res.ok) { list.replaceChildren(el('li', { class: 'error', text: messageOf(res) })); list.classList.remove('hidden'); return null; }
      currency = res.body.data.currency;
      return res.body.data;
    }
    function lookUp() {
      clearTimeout(timer);
      const q = search.value.trim();
      if (!q) { close(); return; }
      timer = setTimeout(async () => { const d = await find(q); if (d) render(d.services, d.matches); }, 200);
    }
    search.addEventListener('input', () => { takeBack(); lookUp(); });
    // Another panel: another catalogue (and currency). A choice shown in the box is cleared;
    // words being typed are looked up there.
    if (panel) {
      $(panel).addEventListener('change', () => {
        const had = chosen;
        takeBack();
        currency = null;
        ++request;
        if (had) search.value = '';
        lookUp();
      });
    }
    search.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') close();
      if (e.key === 'ArrowDown') { e.preventDefault(); list.querySelector('button.pick')?.focus(); }
    });
    list.addEventListener('keydown', (e) => {
      const buttons = [...list.querySelectorAll('button.pick')];
      const i = buttons.indexOf(document.activeElement);
      if (e.key === 'ArrowDown' && i >= 0) { e.preventDefault(); buttons[Math.min(i + 1, buttons.length - 1)].focus(); }
      if (e.key === 'ArrowUp' && i >= 0) { e.preventDefault(); (i === 0 ? search : buttons[i - 1]).focus(); }
      if (e.key === 'Escape') { close(); search.focus(); }
    });
    if (quantity) $(quantity).addEventListener('input', describe);
    if (runs) $(runs).addEventListener('input', describe);
    hidden.form.addEventListener('reset', () => { chosen = null; hidden.value = ''; clearTimeout(timer); ++request; close(); setTimeout(describe); });

    return {
      /** The service chosen (as the catalogue lists it), or null. */
      chosen: () => chosen,
      /** Prices the choice again (the quantities changed). */
      refresh: describe,
      /** Shows an existing choice (editing a mapping): looked up by id. */
      async set(id) {
        search.value = String(id);
        hidden.value = String(id);
        const d = await find(String(id));
        const s = d?.services.find((x) => x.id === Number(id));
        if (s) choose(s);
        else $(hint).textContent = d ? `Panel service ${id} is not in the panel's catalogue.` : '';
      },
    };
  }

  /** rate per 1,000 x quantity / 1,000, as the worker prices it (to the millionth). */
  function cost(rate, quantity) {
    const micros = Math.round(Number(rate) * 1e6) * quantity / 1000;
    return (Math.round(micros) / 1e6).toFixed(6).replace(/0{1,4}$/, '');
  }

  return { attach };
})();
