// Small SVG charts with their numbers alongside: every chart is a labelled figure (title and a
// description for screen readers) with its data as a table under it.
import { h, s } from './dom.js';

const W = 640;
const H = 240;
const M = { top: 16, right: 16, bottom: 40, left: 56 };

let chartCounter = 0;

/** Round durations for a time axis, in seconds: 1 minute, 5 minutes, … a week. */
export const DURATION_STEPS = [
  1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400,
  172800, 604800,
];

/** Round axis steps: 1, 2, 5 × 10^n, or the first of `steps` large enough. */
function ticks(max, count = 4, steps = null) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const pow = 10 ** Math.floor(Math.log10(raw));
  const step =
    (steps && steps.find((v) => v >= raw)) || [1, 2, 5, 10].map((m) => m * pow).find((v) => v >= raw);
  const out = [];
  for (let v = 0; v <= max + step * 0.001; v += step) out.push(v);
  if (out[out.length - 1] < max) out.push(out[out.length - 1] + step);
  return out;
}

function frame({ title, description, labels, max, format, kind, steps }) {
  const id = `chart-${++chartCounter}`;
  const yTicks = ticks(max, 4, steps);
  const top = yTicks[yTicks.length - 1] || 1;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const y = (v) => M.top + plotH - (v / top) * plotH;
  const band = plotW / Math.max(1, labels.length);
  const x = (i) => M.left + band * i + band / 2;
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const svg = s(
    'svg',
    {
      viewBox: `0 0 ${W} ${H}`,
      class: `chart chart-${kind}`,
      role: 'img',
      'aria-labelledby': `${id}-t ${id}-d`,
    },
    s('title', { id: `${id}-t` }, title),
    s('desc', { id: `${id}-d` }, description),
    s(
      'g',
      { class: 'axis' },
      yTicks.map((t) => [
        s('line', { x1: M.left, x2: W - M.right, y1: y(t), y2: y(t), class: 'grid' }),
        s('text', { x: M.left - 8, y: y(t) + 4, class: 'tick', 'text-anchor': 'end' }, format(t)),
      ]),
      labels.map((l, i) =>
        i % every === 0
          ? s('text', { x: x(i), y: H - M.bottom + 18, class: 'tick', 'text-anchor': 'middle' }, l)
          : null,
      ),
      s('line', { x1: M.left, x2: W - M.right, y1: y(0), y2: y(0), class: 'baseline' }),
    ),
  );
  return { id, svg, x, y, band };
}

function figure(id, title, svg, table, legend) {
  return h(
    'figure',
    { class: 'chart-figure', 'aria-labelledby': `${id}-c` },
    h('figcaption', { id: `${id}-c` }, title),
    legend || null,
    h('div', { class: 'chart-wrap' }, svg),
    h('details', { class: 'chart-data' }, h('summary', null, 'The numbers'), table),
  );
}

function legendOf(series) {
  if (series.length < 2) return null;
  return h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    series.map((se) => h('li', null, h('span', { class: `swatch ${se.cls}` }), se.name)),
  );
}

function dataTable(labels, series, format, labelHead) {
  return h(
    'table',
    { class: 'numbers' },
    h('thead', null, h('tr', null, h('th', { scope: 'col' }, labelHead), series.map((se) => h('th', { scope: 'col' }, se.name)))),
    h(
      'tbody',
      null,
      labels.map((l, i) =>
        h(
          'tr',
          null,
          h('th', { scope: 'row' }, l),
          series.map((se) => h('td', { class: 'num' }, se.values[i] == null ? '–' : format(se.values[i]))),
        ),
      ),
    ),
  );
}

/**
 * Bars per label; several series stack. series: [{name, values, cls}]. `format` writes a value.
 */
export function barChart({ title, description, labels, series, format = String, labelHead = '' }) {
  const totals = labels.map((_, i) => series.reduce((sum, se) => sum + (se.values[i] || 0), 0));
  const f = frame({ title, description, labels, max: Math.max(0, ...totals), format, kind: 'bar' });
  const width = Math.max(2, f.band * 0.7);
  const bars = s('g', { class: 'bars' });
  labels.forEach((l, i) => {
    let base = 0;
    for (const se of series) {
      const v = se.values[i] || 0;
      if (v > 0) {
        bars.append(
          s(
            'rect',
            {
              x: f.x(i) - width / 2,
              y: f.y(base + v),
              width,
              height: f.y(base) - f.y(base + v),
              class: `bar ${se.cls}`,
              'data-label': l,
              'data-value': v,
            },
            s('title', null, `${l}: ${format(v)} ${se.name}`),
          ),
        );
      }
      base += v;
    }
  });
  f.svg.append(bars);
  return figure(f.id, title, f.svg, dataTable(labels, series, format, labelHead), legendOf(series));
}

/** A line per series, with a dot per value; missing values (null) break the line. */
export function lineChart({
  title,
  description,
  labels,
  series,
  format = String,
  max,
  steps,
  labelHead = '',
}) {
  const values = series.flatMap((se) => se.values.filter((v) => v != null));
  const f = frame({
    title,
    description,
    labels,
    max: max ?? Math.max(0, ...values),
    format,
    steps,
    kind: 'line',
  });
  for (const se of series) {
    let d = '';
    let pen = false;
    const dots = [];
    se.values.forEach((v, i) => {
      if (v == null) {
        pen = false;
        return;
      }
      d += `${pen ? 'L' : 'M'}${f.x(i)},${f.y(v)} `;
      pen = true;
      dots.push(
        s(
          'circle',
          { cx: f.x(i), cy: f.y(v), r: 4, class: `dot ${se.cls}`, 'data-label': labels[i], 'data-value': v },
          s('title', null, `${labels[i]}: ${format(v)}`),
        ),
      );
    });
    f.svg.append(s('path', { d: d.trim(), class: `line ${se.cls}` }), s('g', { class: 'dots' }, dots));
  }
  return figure(f.id, title, f.svg, dataTable(labels, series, format, labelHead), legendOf(series));
}
