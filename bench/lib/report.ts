/** One benchmark figure, as printed in the table and in `--json`. */
export interface Metric {
  readonly value: number;
  readonly unit: string;
  /** The goal, e.g. `<= 3`; absent for informational figures. */
  readonly goal?: { readonly op: '<=' | '>='; readonly value: number };
  /** How the figure was obtained: baseline, sample sizes, raw numbers. */
  readonly detail: string;
}

export type Metrics = Record<string, Metric>;

/** Whether a metric meets its goal (true when it has none). */
export const meetsGoal = (metric: Metric): boolean =>
  !metric.goal ||
  (metric.goal.op === '<=' ? metric.value <= metric.goal.value : metric.value >= metric.goal.value);

const format = (value: number): string =>
  Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 10 ? value.toFixed(1) : value.toFixed(3);

/** Renders the metrics as an aligned text table. */
export const renderTable = (metrics: Metrics): string => {
  const rows = Object.entries(metrics).map(([name, m]) => [
    name,
    `${format(m.value)} ${m.unit}`,
    m.goal ? `${m.goal.op} ${m.goal.value}` : '',
    m.goal ? (meetsGoal(m) ? 'ok' : 'MISSED') : '',
    m.detail,
  ]);
  const header = ['metric', 'value', 'goal', '', 'how'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(header), line(widths.map((w) => '-'.repeat(Math.min(w, 40)))), ...rows.map(line)].join('\n');
};
