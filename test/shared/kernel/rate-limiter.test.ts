import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../shared/kernel/errors.ts';
import { LruMap } from '../../../shared/kernel/lru-map.ts';
import { RateLimiter, TokenBucket } from '../../../shared/kernel/rate-limiter.ts';
import { fakeTime, T0 } from './fake-time.ts';

const FAR = T0 + 3_600_000;

describe('Class: TokenBucket', () => {
  it('spends the burst at once, then hands out one token per interval', () => {
    // Prepare
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 2 }, T0);

    // Act
    const waits = [1, 2, 3, 4].map(() => bucket.reserve(T0, Number.POSITIVE_INFINITY));

    // Assess
    expect(waits).toEqual([0, 0, 200, 400]);
  });

  it('refills over time up to the burst', () => {
    // Prepare
    const bucket = new TokenBucket({ ratePerSecond: 5, burst: 2 }, T0);
    bucket.reserve(T0, 0);
    bucket.reserve(T0, 0);

    // Act
    const waits = [1, 2, 3].map(() => bucket.reserve(T0 + 10_000, Number.POSITIVE_INFINITY));

    // Assess
    expect(waits).toEqual([0, 0, 200]);
  });

  it('reserves nothing when the wait is longer than allowed', () => {
    // Prepare
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1 }, T0);
    bucket.reserve(T0, 0);

    // Act
    const refused = bucket.reserve(T0, 999);
    const granted = bucket.reserve(T0, 1_000);

    // Assess
    expect(refused).toBeNull();
    expect(granted).toBe(1_000);
  });

  it('rejects limits that could never grant a token', () => {
    // Assess
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1 }, T0)).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 0 }, T0)).toThrow(RangeError);
  });
});

describe('Class: RateLimiter', () => {
  it('paces ten calls at five a second', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 5, burst: 1 }, ...time });

    // Act
    for (let i = 0; i < 10; i += 1) await limiter.acquire('dest-1', FAR);

    // Assess
    expect(time.sleeps).toEqual(Array(9).fill(200));
    expect(time.clock() - T0).toBe(1_800);
  });

  it('queues concurrent callers one interval apart', async () => {
    // Prepare
    const waits: number[] = [];
    const limiter = new RateLimiter({
      limits: { ratePerSecond: 5, burst: 1 },
      clock: () => T0,
      sleep: async (ms) => {
        waits.push(ms);
      },
    });

    // Act
    await Promise.all(Array.from({ length: 4 }, () => limiter.acquire('dest-1', FAR)));

    // Assess
    expect(waits).toEqual([200, 400, 600]);
  });

  it('throws a retryable error instead of waiting past the deadline', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 1, burst: 1 }, ...time });
    await limiter.acquire('dest-1', FAR);

    // Act
    const error = await limiter.acquire('dest-1', T0 + 500, { attempts: 1, lastStatus: 500 }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'rate_limited_locally', attempts: 1, last_status: 500 });
    expect(error.message).toContain('rate limited locally');
    expect(time.sleeps).toEqual([]);
  });

  it('keeps each destination in its own bucket, with its own limits', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new RateLimiter({
      limits: { ratePerSecond: 1, burst: 1 },
      limitsFor: (key) => (key === 'fast' ? { ratePerSecond: 100, burst: 1 } : undefined),
      ...time,
    });

    // Act
    await limiter.acquire('slow', FAR);
    await limiter.acquire('fast', FAR);
    await limiter.acquire('fast', FAR);
    await limiter.acquire('other', FAR);

    // Assess
    expect(time.sleeps).toEqual([10]);
  });

  it('starts a forgotten destination over with a full bucket', async () => {
    // Prepare
    const time = fakeTime();
    const limiter = new RateLimiter({ limits: { ratePerSecond: 1, burst: 1 }, maxKeys: 1, ...time });
    await limiter.acquire('a', FAR);

    // Act
    await limiter.acquire('b', FAR);
    await limiter.acquire('a', FAR);

    // Assess
    expect(time.sleeps).toEqual([]);
  });
});

describe('Class: LruMap', () => {
  it('rejects a size that could hold nothing', () => {
    // Assess
    expect(() => new LruMap(0)).toThrow(RangeError);
  });

  it('evicts the least recently used key', () => {
    // Prepare
    const map = new LruMap<number>(2);
    map.getOrCreate('a', () => 1);
    map.getOrCreate('b', () => 2);
    map.getOrCreate('a', () => 99);

    // Act
    map.getOrCreate('c', () => 3);

    // Assess
    expect([map.has('a'), map.has('b'), map.has('c'), map.size]).toEqual([true, false, true, 2]);
  });
});
