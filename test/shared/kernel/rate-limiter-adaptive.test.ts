import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../shared/kernel/errors.ts';
import { RateLimiter, TokenBucket } from '../../../shared/kernel/rate-limiter.ts';
import { fakeTime, T0 } from './fake-time.ts';

const LIMITS = { ratePerSecond: 16, burst: 16 };

describe('Class: TokenBucket (adaptive rate)', () => {
  it('halves its rate on each slow-down and takes away the burst', () => {
    // Prepare
    const bucket = new TokenBucket(LIMITS, T0);

    // Act
    bucket.slowDown(T0);
    const once = bucket.rateAt(T0);
    bucket.slowDown(T0);

    // Assess
    expect(once).toBe(8);
    expect(bucket.rateAt(T0)).toBe(4);
    // No burst after a slow-down: the next call waits a whole interval at the lowered rate.
    expect(bucket.reserve(T0, Number.POSITIVE_INFINITY)).toBe(250);
  });

  it('ramps back up, doubling each step, to its limit and no further', () => {
    // Prepare
    const bucket = new TokenBucket(LIMITS, T0, { rampStepMs: 60_000 });
    bucket.slowDown(T0);
    bucket.slowDown(T0);

    // Act
    const rates = [0, 60_000, 120_000, 180_000].map((ms) => bucket.rateAt(T0 + ms));

    // Assess
    expect(rates).toEqual([4, 8, 16, 16]);
  });

  it('restarts a recovered destination at a sixteenth of its limit, never below the floor', () => {
    // Prepare
    const bucket = new TokenBucket(LIMITS, T0);
    const slow = new TokenBucket({ ratePerSecond: 1, burst: 1 }, T0, { minRatePerSecond: 0.25 });

    // Act
    bucket.restartSlowly(T0);
    slow.restartSlowly(T0);

    // Assess
    expect(bucket.rateAt(T0)).toBe(1);
    expect(bucket.rateAt(T0 + 30_000)).toBeCloseTo(Math.SQRT2, 5);
    expect(slow.rateAt(T0)).toBe(0.25);
  });
});

describe('Class: RateLimiter (adaptive rate)', () => {
  it('sheds what a slowed-down destination cannot take now, saying when the next token is due', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 2, burst: 2 }, maxWaitMs: 1_000, ...time });
    limiter.slowDown('route-1');
    limiter.slowDown('route-1');

    // Act: at half a call a second, the first waits two seconds, more than this call may.
    const shed = await limiter.acquire('route-1', T0 + 60_000).catch((error: unknown) => error);

    // Assess
    expect(limiter.rateOf('route-1')).toBe(0.5);
    expect(limiter.rateOf('route-2')).toBe(2);
    expect(shed).toBeInstanceOf(RetryableError);
    expect((shed as RetryableError).reason.code).toBe('rate_limited_locally');
    expect((shed as RetryableError).retryAfterMs).toBe(2_000);
  });
});
