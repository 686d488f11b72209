import { type Clock, realSleep, type Sleep, systemClock } from './clock.ts';
import { RetryableError } from './errors.ts';
import type { FailureContext } from './http/failure.ts';
import { LruMap } from './lru-map.ts';

/** A vendor's documented quota for one method: at most `limit` requests in any `windowMs`. */
export interface RateLimitRule {
  readonly limit: number;
  readonly windowMs: number;
  /** Requests we may send back to back after a quiet spell; 1 unless the vendor documents bursts. */
  readonly burst?: number;
}

/** A steady rate plus how many calls may go at once after a quiet spell. */
export interface TokenBucketLimits {
  readonly ratePerSecond: number;
  readonly burst: number;
}

/** Per destination unless configured otherwise: 10 calls a second, 10 at once. */
export const DEFAULT_RATE_LIMIT = { ratePerSecond: 10, burst: 10 } as const satisfies TokenBucketLimits;

/** How an adaptive bucket slows down and comes back; every field has a default. */
export interface AdaptiveRate {
  /** The rate doubles once per step after a slow-down, until it is back at the limit. Default one minute. */
  readonly rampStepMs?: number;
  /** A slow-down (a 429) multiplies the rate by this. Default 0.5. */
  readonly slowDownFactor?: number;
  /** A recovery (the breaker closed again) restarts at the limit divided by this. Default 16. */
  readonly recoveryDivisor?: number;
  /** Never slower than this. Default one call every ten seconds. */
  readonly minRatePerSecond?: number;
}

const ADAPTIVE_DEFAULTS = {
  rampStepMs: 60_000,
  slowDownFactor: 0.5,
  recoveryDivisor: 16,
  minRatePerSecond: 0.1,
} as const satisfies Required<AdaptiveRate>;

/**
 * A token bucket whose tokens may go negative: each caller reserves the next token and is told how long to
 * wait for it, so concurrent callers queue up one interval apart instead of all waking at once. Its rate adapts:
 * a destination that answers 429 is slowed down (`slowDown`), one that just recovered restarts slowly
 * (`restartSlowly`), and from either the rate doubles each ramp step until it is back at the limit.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  private readonly adaptive: Required<AdaptiveRate>;
  /** The lowered rate and when it was set; null at the full limit. */
  private lowered: { readonly rate: number; readonly at: number } | null = null;

  public constructor(
    private readonly limits: TokenBucketLimits,
    now: number,
    adaptive: AdaptiveRate = {},
  ) {
    if (!(limits.ratePerSecond > 0) || !(limits.burst >= 1)) {
      throw new RangeError('a token bucket needs ratePerSecond > 0 and burst >= 1');
    }
    this.tokens = limits.burst;
    this.updatedAt = now;
    this.adaptive = { ...ADAPTIVE_DEFAULTS, ...adaptive };
  }

  /** The rate now: the limit, or a lowered rate doubling each ramp step since it was lowered. */
  public rateAt(now: number): number {
    if (this.lowered === null) return this.limits.ratePerSecond;
    const steps = Math.max(0, now - this.lowered.at) / this.adaptive.rampStepMs;
    const rate = this.lowered.rate * 2 ** steps;
    if (rate >= this.limits.ratePerSecond) {
      this.lowered = null;
      return this.limits.ratePerSecond;
    }
    return rate;
  }

  /** The destination asked us to slow down (429): the rate drops by the slow-down factor, and no burst. */
  public slowDown(now: number): void {
    this.lower(now, this.rateAt(now) * this.adaptive.slowDownFactor);
  }

  /** The destination just came back (its breaker closed): a held backlog drains from a low rate upwards. */
  public restartSlowly(now: number): void {
    this.lower(now, Math.min(this.rateAt(now), this.limits.ratePerSecond / this.adaptive.recoveryDivisor));
  }

  /** Reserves a token and returns the wait until it is due; reserves nothing and returns null past `maxWaitMs`. */
  public reserve(now: number, maxWaitMs: number): number | null {
    const waitMs = this.waitFor(now);
    if (waitMs > maxWaitMs) return null;
    this.tokens -= 1;
    return waitMs;
  }

  /** How long the next token is away, reserving nothing. */
  public waitFor(now: number): number {
    this.refill(now);
    const missing = 1 - this.tokens;
    return missing <= 0 ? 0 : Math.ceil((missing / this.rateAt(now)) * 1000);
  }

  private lower(now: number, rate: number): void {
    this.refill(now);
    this.lowered = { rate: Math.max(this.adaptive.minRatePerSecond, rate), at: now };
    // No burst at a lowered rate: the next call waits its interval.
    this.tokens = Math.min(this.tokens, 0);
  }

  private refill(now: number): void {
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.limits.burst, this.tokens + (elapsedMs * this.rateAt(now)) / 1000);
    this.updatedAt = now;
  }
}

/** Settings of a rate limiter; every field has a default. */
export interface RateLimiterOptions {
  readonly limits?: TokenBucketLimits;
  /** Per-destination limits (a tenant's documented quota); falls back to `limits`. */
  readonly limitsFor?: (key: string) => TokenBucketLimits | undefined;
  readonly maxKeys?: number;
  readonly clock?: Clock;
  readonly sleep?: Sleep;
  /** The longest wait for a token; a longer one is shed (`rate_limited_locally`). Default: up to the deadline. */
  readonly maxWaitMs?: number;
  /** How each bucket slows down on a 429 and ramps back (see `TokenBucket`). */
  readonly adaptive?: AdaptiveRate;
}

/** Destinations remembered per Lambda instance; a forgotten one starts again with a full bucket. */
export const DEFAULT_MAX_BUCKETS = 1_000;

/** One token bucket per destination id, bounded in number, so one busy destination cannot starve the rest. */
export class RateLimiter {
  private readonly buckets: LruMap<TokenBucket>;
  private readonly clock: Clock;
  private readonly sleep: Sleep;

  public constructor(private readonly options: RateLimiterOptions = {}) {
    this.buckets = new LruMap(options.maxKeys ?? DEFAULT_MAX_BUCKETS);
    this.clock = options.clock ?? systemClock;
    this.sleep = options.sleep ?? realSleep;
  }

  /** Waits for a token of `key`; throws `RetryableError` when the wait would pass `deadline`. */
  public async acquire(
    key: string,
    deadline: number,
    context: Omit<FailureContext, 'now'> = { attempts: 0, lastStatus: null },
  ): Promise<void> {
    const now = this.clock();
    const bucket = this.bucketOf(key, now);
    const budgetMs = Math.min(deadline - now, this.options.maxWaitMs ?? Number.POSITIVE_INFINITY);
    const waitMs = bucket.reserve(now, budgetMs);
    if (waitMs === null) {
      throw new RetryableError({
        code: 'rate_limited_locally',
        message: 'rate limited locally: the next token comes later than this call may wait',
        attempts: context.attempts,
        lastStatus: context.lastStatus,
        failedAt: now,
        // When the next token is due: a shed call comes back then, not sooner.
        retryAfterMs: bucket.waitFor(now),
      });
    }
    if (waitMs > 0) await this.sleep(waitMs);
  }

  /** The destination answered 429: its rate halves, then ramps back up by itself. */
  public slowDown(key: string): void {
    const now = this.clock();
    this.bucketOf(key, now).slowDown(now);
  }

  /** The destination recovered (its breaker closed after a probe): what was held drains at a ramped rate. */
  public restartSlowly(key: string): void {
    const now = this.clock();
    this.bucketOf(key, now).restartSlowly(now);
  }

  /** The rate a destination may be called at now (calls per second). */
  public rateOf(key: string): number {
    const now = this.clock();
    return this.bucketOf(key, now).rateAt(now);
  }

  private bucketOf(key: string, now: number): TokenBucket {
    return this.buckets.getOrCreate(
      key,
      () => new TokenBucket(this.limitsOf(key), now, this.options.adaptive),
    );
  }

  private limitsOf(key: string): TokenBucketLimits {
    return this.options.limitsFor?.(key) ?? this.options.limits ?? DEFAULT_RATE_LIMIT;
  }
}
