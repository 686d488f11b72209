import type { FakeRequestRecord } from './gate.ts';

/** Requests and violations (sent before a quota or a Retry-After allowed), in total and per vendor:tenant:method. */
export interface FakeVendorStats {
  readonly requests: number;
  readonly violations: number;
  readonly byKey: Readonly<Record<string, { readonly requests: number; readonly violations: number }>>;
}

/** Which requests to list; every field narrows. */
export type FakeRequestFilter = Partial<Pick<FakeRequestRecord, 'vendor' | 'tenant' | 'method'>>;

type Counter = { requests: number; violations: number };

/** The books of every request: a bounded log for `requests()`, and counters that never drop anything. */
export class FakeBooks {
  private records: FakeRequestRecord[] = [];
  private counters = new Map<string, Counter>();

  public constructor(private readonly maxRecords: number) {}

  /** Books one answered request. */
  public add(record: FakeRequestRecord): void {
    this.records.push(record);
    // Trimmed in batches: slicing on every request past the cap would make each one O(n).
    if (this.records.length > this.maxRecords * 1.1) this.records = this.records.slice(-this.maxRecords);
    const key = `${record.vendor}:${record.tenant ?? '-'}:${record.method}`;
    const counter = this.counters.get(key) ?? { requests: 0, violations: 0 };
    counter.requests += 1;
    if (record.violation) counter.violations += 1;
    this.counters.set(key, counter);
  }

  /** The kept records that match `filter`, oldest first. */
  public find(filter: FakeRequestFilter = {}): FakeRequestRecord[] {
    return this.records.filter(
      (r) =>
        (filter.vendor === undefined || r.vendor === filter.vendor) &&
        (filter.tenant === undefined || r.tenant === filter.tenant) &&
        (filter.method === undefined || r.method === filter.method),
    );
  }

  /** Totals and per-key counters, as a snapshot. */
  public stats(): FakeVendorStats {
    const all = [...this.counters.values()];
    const byKey = Object.fromEntries([...this.counters].map(([key, c]) => [key, { ...c }]));
    const requests = all.reduce((n, c) => n + c.requests, 0);
    const violations = all.reduce((n, c) => n + c.violations, 0);
    return { requests, violations, byKey };
  }

  /** Forgets everything booked so far. */
  public reset(): void {
    this.records = [];
    this.counters = new Map();
  }
}
