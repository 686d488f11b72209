import { setTimeout as delay } from 'node:timers/promises';
import type { RateLimitRule } from '../../../shared/sync/connectors/index.ts';
import type { FakeResponse } from '../fakes/fake-server.ts';

/**
 * What every fake vendor does before answering an API call: faults first, then rate-limit enforcement, with
 * the books a bench reads afterwards (requests and violations per vendor, tenant and method).
 */

/** The three fakes. */
export type FakeVendorName = 'slack' | 'msgraph' | 'lineworks';

/** A fault injected for one tenant at one vendor; `method` narrows it (default: every API list call). */
export type FakeFault =
  | {
      readonly kind: 'rate_limit_burst';
      readonly count: number;
      readonly retryAfterMs: number;
      readonly method?: string;
    }
  | {
      readonly kind: 'server_error';
      readonly count: number;
      readonly status?: number;
      readonly method?: string;
    }
  | {
      readonly kind: 'slow_pages';
      readonly delayMs: number;
      readonly count?: number;
      readonly method?: string;
    }
  | { readonly kind: 'invalid_grant' }
  | { readonly kind: 'expire_tokens' };

/** One request, as the fake saw it; `at` is epoch ms with sub-millisecond precision. */
export interface FakeRequestRecord {
  readonly vendor: FakeVendorName;
  readonly tenant: string | null;
  readonly method: string;
  readonly at: number;
  readonly status: number;
  /** Sent before a quota or a Retry-After allowed it. */
  readonly violation: boolean;
}

/** One quota a request counts against (`scope` as in `DEFAULT_RATE_LIMITS`, e.g. `team:{id}`). */
export interface Quota {
  readonly scope: string;
  readonly rule: RateLimitRule;
}

/** Who is calling what. */
export interface GateInput {
  readonly vendor: FakeVendorName;
  readonly tenant: string;
  readonly method: string;
  readonly quotas: readonly Quota[];
  /** The vendor's own 429 answer, given how long until the caller may come back. */
  readonly throttled: (resetMs: number) => FakeResponse;
}

/** What the gate decided: answer this instead, or go ahead. */
export type GateVerdict = { readonly response: FakeResponse; readonly violation: boolean } | null;

type Counted = { count: number };

/** Faults, quotas and Retry-After windows of every fake vendor, in one place so stats add up. */
export class FakeGate {
  private readonly faults = new Map<string, (FakeFault & Counted)[]>();
  private readonly arrivals = new Map<string, number[]>();
  private readonly blockedUntil = new Map<string, number>();

  public constructor(
    private readonly timeScale: number,
    private readonly enforce: boolean,
    private readonly now: () => number,
  ) {}

  /** Adds a fault for `tenant` at `vendor` (`expire_tokens` is applied by the caller, not kept). */
  public addFault(vendor: FakeVendorName, tenant: string, fault: FakeFault): void {
    const key = `${vendor}:${tenant}`;
    const count = 'count' in fault && fault.count !== undefined ? fault.count : Number.POSITIVE_INFINITY;
    this.faults.set(key, [...(this.faults.get(key) ?? []), { ...fault, count }]);
  }

  /** Drops faults, of one vendor and tenant or all of them. */
  public clearFaults(vendor?: FakeVendorName, tenant?: string): void {
    for (const key of [...this.faults.keys()]) {
      const [v, t] = key.split(':');
      if ((vendor === undefined || v === vendor) && (tenant === undefined || t === tenant))
        this.faults.delete(key);
    }
  }

  /** Whether the tenant's grants are refused (the `invalid_grant` fault). */
  public grantRefused(vendor: FakeVendorName, tenant: string): boolean {
    return (this.faults.get(`${vendor}:${tenant}`) ?? []).some((fault) => fault.kind === 'invalid_grant');
  }

  /** Runs faults and quotas for one API call; `null` means answer normally. */
  public async admit(input: GateInput, isTokenCall = false): Promise<GateVerdict> {
    const key = `${input.vendor}:${input.tenant}:${input.method}`;
    const now = this.now();
    const blocked = (this.blockedUntil.get(key) ?? 0) - now;
    if (blocked > 0) return { response: input.throttled(blocked), violation: true };
    const burst = this.take(input, 'rate_limit_burst', isTokenCall);
    if (burst !== null) {
      const waitMs = burst.retryAfterMs / this.timeScale;
      this.blockedUntil.set(key, now + waitMs);
      return { response: input.throttled(waitMs), violation: false };
    }
    const resetMs = this.enforce ? this.overQuota(input, now) : null;
    if (resetMs !== null) return { response: input.throttled(resetMs), violation: true };
    const failure = this.take(input, 'server_error', isTokenCall);
    if (failure !== null)
      return { response: { status: failure.status ?? 500, body: 'Internal Server Error' }, violation: false };
    const slow = this.take(input, 'slow_pages', isTokenCall);
    if (slow !== null) await delay(slow.delayMs / this.timeScale);
    return null;
  }

  /** All-or-nothing over the request's quotas: an admitted request counts against every one of them. */
  private overQuota(input: GateInput, now: number): number | null {
    const windows = input.quotas.map((quota) => {
      const key = `${input.vendor}:${input.tenant}:${quota.scope}`;
      const windowMs = quota.rule.windowMs / this.timeScale;
      const live = (this.arrivals.get(key) ?? []).filter((at) => at > now - windowMs);
      this.arrivals.set(key, live);
      const full = live.length >= quota.rule.limit;
      return { live, resetMs: full ? (live[live.length - quota.rule.limit] as number) + windowMs - now : 0 };
    });
    const resetMs = Math.max(0, ...windows.map((window) => window.resetMs));
    if (resetMs > 0) return resetMs;
    for (const window of windows) window.live.push(now);
    return null;
  }

  private take<K extends 'rate_limit_burst' | 'server_error' | 'slow_pages'>(
    input: GateInput,
    kind: K,
    isTokenCall: boolean,
  ): Extract<FakeFault, { kind: K }> | null {
    const faults = this.faults.get(`${input.vendor}:${input.tenant}`) ?? [];
    const fault = faults.find(
      (f) =>
        f.kind === kind &&
        f.count > 0 &&
        ('method' in f && f.method ? f.method === input.method : !isTokenCall),
    );
    if (fault === undefined) return null;
    fault.count -= 1;
    return fault as Extract<FakeFault, { kind: K }>;
  }
}

/** Header value for a wait: whole seconds like the vendors at real speed; milliseconds precision when scaled. */
export const waitSeconds = (ms: number, timeScale: number): string =>
  timeScale === 1 ? String(Math.max(1, Math.ceil(ms / 1000))) : String(Math.ceil(ms) / 1000);
