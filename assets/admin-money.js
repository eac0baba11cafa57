// Admin dashboard, the Money tab: revenue from Sellauth, cost on the panels, the margin per
// currency, per day (chart) and per product (table, CSV), and how long each balance lasts.
// Every amount comes from GET /api/admin/money as exact decimal text.
'use strict';
(() => {
  const { $, el, td, num, money, fillTable, setError, api, messageOf, register, download } = Admin;
  let last = null;

  const percent = (margin, revenue) => (Number(revenue) > 0 ? `${((Number(margin) / Number(revenue)) * 100).toFixed(1)} %` : '—');
  /** An amount, starred when part of it is an estimate the panel has not confirmed yet. */
  const amount = (value, currency, estimated) => `${money(value, currency)}${estimated ? ' *' : ''}`;

  async function load() {
    setError('money-error', '');
    const res = await api(`/api/admin/money?days=${$('money-days').value}`);
    if (!res.ok) { setError('money-error', messageOf(res)); return; }
    last = res.body.data;
    render();
  }

  function render() {
    const d = last;
    const currencies = d.per_currency.map((c) => c.currency);
    const cards = d.per_currency.flatMap((c) => [
      stat(`Revenue${currencies.length > 1 ? ` (${c.currency})` : ''}`, money(c.revenue, c.currency), `${num(c.sales)} ${c.sales === 1 ? 'sale' : 'sales'}`, 'money-revenue'),
      stat('Panel cost', amount(c.cost, c.currency, c.estimated_orders > 0), `${num(c.orders)} ${c.orders === 1 ? 'order' : 'orders'}`, 'money-cost'),
      stat('Margin', money(c.margin, c.currency), percent(c.margin, c.revenue), Number(c.margin) < 0 ? 'money-margin warn' : 'money-margin'),
    ]);
    $('money-totals').replaceChildren(...(cards.length ? cards : [el('p', { class: 'hint', text: `No sales or orders in the last ${d.days} days.` })]));
    const estimated = d.per_currency.reduce((n, c) => n + c.estimated_orders, 0);
    const unpriced = d.per_currency.reduce((n, c) => n + c.unpriced_orders, 0);
    $('money-note').textContent = [
      estimated ? `* ${num(estimated)} ${estimated === 1 ? 'order counts' : 'orders count'} at the estimate from the service's rate until the panel reports the charge (the scheduled refresh fetches it).` : '',
      unpriced ? `${num(unpriced)} ${unpriced === 1 ? 'order has' : 'orders have'} no known cost yet (the catalogue could not be read when its codes were made).` : '',
    ].filter(Boolean).join(' ');

    // The chart shows one currency at a time; a choice appears when there are several.
    const pick = $('money-currency');
    const kept = pick.value;
    pick.replaceChildren(...currencies.map((c) => el('option', { value: c, text: c })));
    if (currencies.includes(kept)) pick.value = kept;
    pick.closest('label').classList.toggle('hidden', currencies.length < 2);
    const currency = pick.value || currencies[0];
    const series = d.per_day.filter((x) => x.currency === currency);
    if (!series.length) Charts.empty($('chart-money'), 'Nothing sold or ordered in this period.');
    else {
      Charts.dayPairs($('chart-money'), series, {
        label: `Revenue and panel cost per day, last ${d.days} days (${currency})`,
        first: (x) => Number(x.revenue), second: (x) => Number(x.cost),
        titleOf: (x) => `${x.day}: revenue ${money(x.revenue, currency)}, cost ${amount(x.cost, currency, x.estimated_orders > 0)}, margin ${money(x.margin, currency)}`,
      });
    }
    const total = d.per_currency.find((c) => c.currency === currency);
    $('chart-money-summary').textContent = total ? `Last ${d.days} days: revenue ${money(total.revenue, currency)}, cost ${amount(total.cost, currency, total.estimated_orders > 0)}, margin ${money(total.margin, currency)} (${percent(total.margin, total.revenue)}).` : '';

    fillTable($('money-body'), d.per_product.map((p) => [
      el('td', {}, el('span', { text: p.name }), p.product_id && p.name !== `Sellauth product ${p.product_id}` ? el('span', { class: 'muted', text: ` #${p.product_id}` }) : null),
      num(p.sales), money(p.revenue, p.currency), num(p.orders), amount(p.cost, p.currency, p.estimated_orders > 0),
      td(money(p.margin, p.currency), Number(p.margin) < 0 ? 'warn-text' : ''), percent(p.margin, p.revenue),
    ]), `No sales or orders in the last ${d.days} days.`);

    fillTable($('forecast-body'), d.forecast.map((f) => [
      f.panel, f.balance == null ? td('Unavailable', 'muted') : money(f.balance, f.currency), money(f.spent_7_days, f.currency),
      f.days_left == null ? td(f.balance == null ? '—' : 'No spending in 7 days', 'muted') : `About ${num(f.days_left)} ${f.days_left === 1 ? 'day' : 'days'}`,
    ]), 'No panel is configured.');
  }

  function stat(label, value, sub, cls) {
    return el('div', { class: `stat ${cls}` }, el('div', { class: 'label', text: label }), el('div', { class: 'value', text: value }), el('div', { class: 'sub', text: sub }));
  }

  $('money-days').addEventListener('change', load);
  $('money-currency').addEventListener('change', () => last && render());
  $('money-csv').addEventListener('click', () => download(`/api/admin/money.csv?days=${$('money-days').value}`, 'money.csv', 'money-error'));
  $('money-csv-days').addEventListener('click', () => download(`/api/admin/money.csv?days=${$('money-days').value}&by=day`, 'money-by-day.csv', 'money-error'));
  register('money', {
    load,
    reset: () => { last = null; $('money-totals').replaceChildren(); fillTable($('money-body'), [], ''); fillTable($('forecast-body'), [], ''); },
  });
})();
