import { h, table } from './dom.ts';

/** Small SVG charts drawn by hand (no library): bars and lines over 24 hourly points, with a data table. */

const SVG = 'http://www.w3.org/2000/svg';
const W = 460;
const H = 160;
const PAD = { left: 36, right: 8, top: 8, bottom: 22 };

const svg = (tag: string, attrs: Record<string, string | number>): SVGElement => {
  const element = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) element.setAttribute(name, String(value));
  return element;
};

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
  readonly kind: 'bar' | 'line';
}

const axes = (root: SVGElement, max: number, labels: readonly string[], unit: string) => {
  const plotH = H - PAD.top - PAD.bottom;
  for (const fraction of [0, 0.5, 1]) {
    const y = PAD.top + plotH * (1 - fraction);
    root.append(svg('line', { x1: PAD.left, x2: W - PAD.right, y1: y, y2: y, stroke: '#d0d7de' }));
    const text = svg('text', { x: PAD.left - 4, y: y + 3, 'text-anchor': 'end' });
    text.textContent = `${Math.round(max * fraction)}${unit}`;
    root.append(text);
  }
  const step = (W - PAD.left - PAD.right) / labels.length;
  labels.forEach((label, i) => {
    if (i % 6 !== 0) return;
    const text = svg('text', { x: PAD.left + step * i, y: H - 6 });
    text.textContent = label;
    root.append(text);
  });
};

/** A figure with a chart of `series` over `labels`, and the same numbers as a table for screen readers. */
export const chart = (title: string, labels: readonly string[], series: readonly Series[], unit = '') => {
  const all = series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const max = Math.max(1, ...all);
  const root = svg('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': `${title}; table below` });
  axes(root, max, labels, unit);
  const plotH = H - PAD.top - PAD.bottom;
  const step = (W - PAD.left - PAD.right) / labels.length;
  const yOf = (v: number) => PAD.top + plotH * (1 - v / max);
  for (const s of series) {
    if (s.kind === 'bar') {
      s.values.forEach((v, i) => {
        if (!v) return;
        const bar = svg('rect', {
          x: PAD.left + step * i + 1,
          y: yOf(v),
          width: Math.max(1, step - 2),
          height: plotH - (yOf(v) - PAD.top),
          fill: s.color,
        });
        root.append(bar);
      });
    } else {
      const points = s.values
        .map((v, i) => (v === null ? null : `${PAD.left + step * i + step / 2},${yOf(v)}`))
        .filter(Boolean);
      if (points.length > 1)
        root.append(
          svg('polyline', { points: points.join(' '), fill: 'none', stroke: s.color, 'stroke-width': 2 }),
        );
      // A dot per hour with data, so that a single hour shows too.
      s.values.forEach((v, i) => {
        if (v !== null)
          root.append(svg('circle', { cx: PAD.left + step * i + step / 2, cy: yOf(v), r: 3, fill: s.color }));
      });
    }
  }
  const legend = h(
    'p',
    { class: 'muted' },
    ...series.map((s) => h('span', {}, h('span', { style: `color:${s.color}` }, '■ '), `${s.label}  `)),
  );
  const rows = labels.map((label, i) => [label, ...series.map((s) => s.values[i] ?? '—')]);
  return h(
    'figure',
    {},
    h('figcaption', {}, title),
    root,
    legend,
    h(
      'details',
      {},
      h('summary', {}, 'Numbers'),
      table(['hour (UTC)', ...series.map((s) => s.label)], rows, title),
    ),
  );
};
