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

/**
 * A token bucket whose tokens may go negative: each caller reserves the next token and is told how long to
 * wait for it, so concurrent callers queue up one interval apart instead of all waking at once.
 */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  public constructor(
    private readonly limits: TokenBucketLimits,
    now: number,
  ) {
    if (!(limits.ratePerSecond > 0) || !(limits.burst >= 1)) {
      throw new RangeError('a token bucket needs ratePerSecond > 0 and burst >= 1');
    }
    this.tokens = limits.burst;
    this.updatedAt = now;
  }

  /** Reserves a token and returns the wait until it is due; reserves nothing and returns null past `maxWaitMs`. */
  public reserve(now: number, maxWaitMs: number): number | null {
    this.refill(now);
    const missing = 1 - this.tokens;
    const waitMs = missing <= 0 ? 0 : Math.ceil((missing / this.limits.ratePerSecond) * 1000);
    if (waitMs > maxWaitMs) return null;
    this.tokens -= 1;
    return waitMs;
  }

  private refill(now: number): void {
    const elapsedMs = Math.max(0, now - this.updatedAt);
    this.tokens = Math.min(this.limits.burst, this.tokens + (elapsedMs * this.limits.ratePerSecond) / 1000);
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
    const bucket = this.buckets.getOrCreate(key, () => new TokenBucket(this.limitsOf(key), now));
    const budgetMs = Math.min(deadline - now, this.options.maxWaitMs ?? Number.POSITIVE_INFINITY);
    const waitMs = bucket.reserve(now, budgetMs);
    if (waitMs === null) {
      throw new RetryableError({
        code: 'rate_limited_locally',
        message: 'rate limited locally: the next token comes later than this call may wait',
        attempts: context.attempts,
        lastStatus: context.lastStatus,
        failedAt: now,
      });
    }
    if (waitMs > 0) await this.sleep(waitMs);
  }

  private limitsOf(key: string): TokenBucketLimits {
    return this.options.limitsFor?.(key) ?? this.options.limits ?? DEFAULT_RATE_LIMIT;
  }
}
