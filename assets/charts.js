// Tiny SVG charts for the admin dashboard, drawn with DOM APIs only (no library, no innerHTML).
// Colours come from style.css (.chart .bar, .chart text), so the charts follow the theme.
'use strict';
window.Charts = (() => {
  const NS = 'http://www.w3.org/2000/svg';

  function node(tag, attrs = {}, text) {
    const n = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, String(v));
    if (text !== undefined) n.textContent = text;
    return n;
  }

  function frame(width, height, label) {
    return node('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': label, class: 'chart-svg' });
  }

  function empty(container, message) {
    const p = document.createElement('p');
    p.className = 'hint chart-empty';
    p.textContent = message;
    container.replaceChildren(p);
  }

  // The drawing is as wide as its box in CSS pixels, so its 12 px text stays 12 px on a phone.
  // Each chart remembers what it drew and is redrawn when the window's width changes.
  const drawn = new Map();
  const widthOf = (container) => Math.min(Math.max(container.clientWidth || 480, 260), 720);
  function remember(container, draw, data, opts) { drawn.set(container, { draw, data, opts, width: container.clientWidth }); }
  /** Redraws the charts whose box changed width (a resize, or a tab that became visible). */
  function refresh() {
    for (const [container, c] of drawn) {
      if (container.isConnected && container.clientWidth && container.clientWidth !== c.width) c.draw(container, c.data, c.opts);
    }
  }
  let pending = 0;
  window.addEventListener('resize', () => { clearTimeout(pending); pending = setTimeout(refresh, 150); });

  /** A round number at or above `n`, so the axis reads 0 / 5 / 10 rather than 0 / 3.5 / 7. */
  function niceMax(n) {
    if (n <= 4) return Math.max(n, 1);
    const step = 10 ** Math.floor(Math.log10(n));
    for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= n) return m * step;
    return n;
  }

  /**
   * One vertical bar per day. `series` is [{day, ...}]; `valueOf(d)` gives the bar's height,
   * `titleOf(d)` its tooltip. Each bar is a <rect class="bar" data-day data-value>.
   */
  function dayBars(container, series, opts) {
    remember(container, dayBars, series, opts);
    const { valueOf, titleOf, label } = opts;
    const W = widthOf(container), H = 210, left = 34, right = 8, top = 12, bottom = 26;
    const plotW = W - left - right, plotH = H - top - bottom;
    const max = niceMax(Math.max(0, ...series.map(valueOf)));
    const svg = frame(W, H, label);
    const slot = plotW / Math.max(series.length, 1);
    const barW = Math.max(slot * 0.72, 1);
    dayAxes(svg, { W, H, left, right, top, plotH, slot, inset: (slot - barW) / 2 }, series, max,
      { fractions: max % 2 === 0 || max > 4 ? [0, 0.5, 1] : [0, 1], digits: 1 });
    series.forEach((d, i) => {
      const v = valueOf(d);
      // A day without any still gets a 2 px stub on the baseline, so every day is visible.
      const h = v > 0 ? Math.max((v / max) * plotH, 2) : 2;
      const x = left + i * slot + (slot - barW) / 2;
      const rect = node('rect', {
        x: x.toFixed(2), y: (top + plotH - h).toFixed(2), width: barW.toFixed(2), height: h.toFixed(2),
        class: v > 0 ? 'bar' : 'bar zero', 'data-day': d.day, 'data-value': v, rx: Math.min(2, barW / 4),
      });
      rect.append(node('title', {}, titleOf(d)));
      svg.append(rect);
    });
    container.replaceChildren(svg);
  }

  /** The y grid with its values, and the first, middle and last day (MM-DD) under the bars;
   *  `inset`: how far the first and last labels stand in from their slot's edge. */
  function dayAxes(svg, g, series, max, { fractions, digits }) {
    for (const f of fractions) {
      const y = g.top + g.plotH - f * g.plotH;
      svg.append(node('line', { x1: g.left, x2: g.W - g.right, y1: y, y2: y, class: 'grid' }));
      const v = max * f;
      svg.append(node('text', { x: g.left - 6, y: y + 4, 'text-anchor': 'end', class: 'axis' }, Number.isInteger(v) ? v : v.toFixed(digits)));
    }
    const picks = [...new Set([0, Math.floor((series.length - 1) / 2), series.length - 1])].filter((i) => i >= 0);
    for (const i of picks) {
      const anchor = i === 0 ? 'start' : i === series.length - 1 ? 'end' : 'middle';
      const x = anchor === 'start' ? g.left + i * g.slot + g.inset
        : anchor === 'end' ? g.left + (i + 1) * g.slot - g.inset : g.left + i * g.slot + g.slot / 2;
      svg.append(node('text', { x: x.toFixed(2), y: g.H - 8, 'text-anchor': anchor, class: 'axis' }, series[i].day.slice(5)));
    }
  }

  /**
   * Two bars per day side by side (revenue and cost): `first(d)` and `second(d)` give their
   * heights on one shared scale; <rect class="bar first|second" data-day data-value>.
   */
  function dayPairs(container, series, opts) {
    remember(container, dayPairs, series, opts);
    const { first, second, titleOf, label } = opts;
    const W = widthOf(container), H = 210, left = 46, right = 8, top = 12, bottom = 26;
    const plotW = W - left - right, plotH = H - top - bottom;
    const max = niceMax(Math.max(0, ...series.map(first), ...series.map(second)));
    const svg = frame(W, H, label);
    const slot = plotW / Math.max(series.length, 1);
    const barW = Math.max(slot * 0.36, 1);
    dayAxes(svg, { W, H, left, right, top, plotH, slot, inset: 0 }, series, max, { fractions: [0, 0.5, 1], digits: 2 });
    series.forEach((d, i) => {
      [[first(d), 'first'], [second(d), 'second']].forEach(([v, which], j) => {
        const h = v > 0 ? Math.max((v / max) * plotH, 2) : 0;
        if (!h) return;
        const x = left + i * slot + slot * 0.14 + j * barW;
        const rect = node('rect', {
          x: x.toFixed(2), y: (top + plotH - h).toFixed(2), width: barW.toFixed(2), height: h.toFixed(2),
          class: `bar ${which}`, 'data-day': d.day, 'data-value': v, rx: Math.min(2, barW / 4),
        });
        rect.append(node('title', {}, titleOf(d)));
        svg.append(rect);
      });
    });
    container.replaceChildren(svg);
  }

  /** Horizontal bars, one row per item: [{label, value, title}]. */
  function rowBars(container, items, opts) {
    remember(container, rowBars, items, opts);
    const { label, emptyText, format = String } = opts;
    if (!items.length) { empty(container, emptyText); return; }
    const W = widthOf(container), rowH = 30, labelW = 110, valueW = 70, top = 4;
    const H = top * 2 + items.length * rowH;
    const max = Math.max(1, ...items.map((i) => i.value));
    const svg = frame(W, H, label);
    items.forEach((item, i) => {
      const y = top + i * rowH;
      const w = Math.max((item.value / max) * (W - labelW - valueW), item.value > 0 ? 2 : 0);
      svg.append(node('text', { x: labelW - 8, y: y + rowH / 2 + 4, 'text-anchor': 'end', class: 'label' }, item.label));
      const rect = node('rect', { x: labelW, y: y + 5, width: w.toFixed(2), height: rowH - 10, rx: 3, class: 'bar', 'data-label': item.label, 'data-value': item.value });
      rect.append(node('title', {}, item.title));
      svg.append(rect);
      svg.append(node('text', { x: labelW + w + 6, y: y + rowH / 2 + 4, class: 'axis' }, format(item.value)));
    });
    container.replaceChildren(svg);
  }

  return { dayBars, dayPairs, rowBars, empty, refresh };
})();
