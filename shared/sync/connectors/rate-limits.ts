import {
  type Clock,
  type RateLimitRule,
  realSleep,
  type Sleep,
  systemClock,
  TokenBucket,
} from '../../kernel/index.ts';
import { LruMap } from '../../kernel/lru-map.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { LINE_WORKS_RATE_LIMITS } from '../../vendors/lineworks/index.ts';
import { GRAPH_RATE_LIMITS } from '../../vendors/msgraph/index.ts';
import { SLACK_RATE_LIMITS } from '../../vendors/slack/index.ts';
import { RateLimitWaitRequiredError } from './errors.ts';

export type { RateLimitRule } from '../../kernel/index.ts';

/**
 * The vendors' documented limits, per system and per method (keys name the method or the scope counted), from
 * each vendor's folder; the quotas count per tenant. Token endpoints are not paced: one call per run.
 */
export const DEFAULT_RATE_LIMITS = {
  SLACK: SLACK_RATE_LIMITS,
  TEAMS: GRAPH_RATE_LIMITS,
  LINE_WORKS: LINE_WORKS_RATE_LIMITS,
} as const satisfies { readonly [S in ChatSystem]: Readonly<Record<string, RateLimitRule>> };

/** The methods (quota scopes) of one system. */
export type RateLimitMethod<S extends ChatSystem> = keyof (typeof DEFAULT_RATE_LIMITS)[S];

/** Every quota of one system, as a caller may override them. */
export type RateLimitsOf<S extends ChatSystem> = { readonly [M in RateLimitMethod<S>]: RateLimitRule };

/** Every quota of every system. */
export type RateLimitConfig = { readonly [S in ChatSystem]: RateLimitsOf<S> };

/**
 * One system's quotas with a caller's overrides. An override naming no known method is refused: passing the whole
 * `RateLimitConfig` where one system's is expected would otherwise be silently ignored.
 */
export const rateLimitsOf = <S extends ChatSystem>(
  system: S,
  overrides: Partial<RateLimitsOf<S>> = {},
): RateLimitsOf<S> => {
  const all: RateLimitConfig = DEFAULT_RATE_LIMITS;
  const defaults = all[system];
  const unknown = Object.keys(overrides).filter((method) => !Object.hasOwn(defaults, method));
  if (unknown.length > 0) {
    const known = Object.keys(defaults).join(', ');
    throw new RangeError(`${system} has no rate-limited method ${unknown.join(', ')} (known: ${known})`);
  }
  return { ...defaults, ...overrides };
};

/** Divides every window by `timeScale`, so benches and tests run the same limits in a fraction of the time. */
export const scaleRateLimits = (limits: RateLimitConfig, timeScale: number): RateLimitConfig => {
  if (!(timeScale > 0)) throw new RangeError('timeScale must be > 0');
  const scaleSystem = <S extends ChatSystem>(rules: RateLimitsOf<S>): RateLimitsOf<S> =>
    Object.fromEntries(
      Object.entries<RateLimitRule>(rules).map(([method, rule]) => [
        method,
        { ...rule, windowMs: rule.windowMs / timeScale },
      ]),
    ) as RateLimitsOf<S>;
  return {
    SLACK: scaleSystem(limits.SLACK),
    TEAMS: scaleSystem(limits.TEAMS),
    LINE_WORKS: scaleSystem(limits.LINE_WORKS),
  };
};

/**
 * Share of a quota we actually use. Vendors count arrivals in windows we cannot see; sending at exactly the
 * limit trips them whenever network or timer jitter brings two requests a hair closer. 10% headroom absorbs
 * that and still leaves a sync well above the bench's 0.8 efficiency goal.
 */
export const DEFAULT_UTILISATION = 0.9;

/** One quota a request counts against: `key` names the bucket (system, tenant, method or team). */
export interface PaceSlot {
  readonly key: string;
  readonly rule: RateLimitRule;
}

/** Settings of a pacer; every field has a default. */
export interface RatePacerOptions {
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  readonly utilisation?: number;
  /** Buckets remembered per Lambda instance; a forgotten one starts again full (at most `burst` early). */
  readonly maxKeys?: number;
}

/** Paces requests with one token bucket per quota, so no tenant's method ever goes over its vendor limit. */
export class RatePacer {
  private readonly buckets: LruMap<TokenBucket>;
  private readonly clock: Clock;
  private readonly sleep: Sleep;
  private readonly utilisation: number;

  public constructor(options: RatePacerOptions = {}) {
    this.buckets = new LruMap(options.maxKeys ?? 10_000);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
    this.utilisation = options.utilisation ?? DEFAULT_UTILISATION;
    if (!(this.utilisation > 0 && this.utilisation <= 1))
      throw new RangeError('utilisation must be in (0, 1]');
  }

  /**
   * Waits until every slot has a token. A wait longer than `maxWaitMs` is not sat through: the Lambda would burn
   * time doing nothing, so the caller gets `RateLimitWaitRequiredError` and the state machine waits instead.
   */
  public async acquire(system: ChatSystem, slots: readonly PaceSlot[], maxWaitMs: number): Promise<void> {
    const now = this.clock();
    // Reserving unconditionally keeps concurrent callers queued one interval apart; a reservation abandoned for
    // a long wait only makes the next request a little later, never earlier.
    const waits = slots.map((slot) => this.bucketOf(slot, now).reserve(now, Number.POSITIVE_INFINITY) ?? 0);
    const waitMs = Math.max(0, ...waits);
    if (waitMs > maxWaitMs) throw new RateLimitWaitRequiredError({ system, waitMs, failedAt: now });
    if (waitMs > 0) await this.sleep(waitMs);
  }

  private bucketOf(slot: PaceSlot, now: number): TokenBucket {
    return this.buckets.getOrCreate(slot.key, () => {
      const { limit, windowMs, burst = 1 } = slot.rule;
      const ratePerSecond = ((limit * this.utilisation) / windowMs) * 1000;
      return new TokenBucket({ ratePerSecond, burst }, now);
    });
  }
}
