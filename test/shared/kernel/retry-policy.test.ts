import { describe, expect, it } from 'vitest';
import {
  DEFAULT_ATTEMPTS,
  deadlineFromRemaining,
  parseRetryAfter,
  RetryPolicy,
} from '../../../shared/kernel/retry-policy.ts';
import { T0 } from './fake-time.ts';

const FAR = T0 + 3_600_000;

describe('Class: RetryPolicy', () => {
  it('gives http 4, email 3 and chat 4 attempts by default', () => {
    // Prepare
    const policy = new RetryPolicy();

    // Act
    const attempts = [policy.maxAttempts('http'), policy.maxAttempts('email'), policy.maxAttempts('chat')];

    // Assess
    expect(DEFAULT_ATTEMPTS).toEqual({ http: 4, email: 3, chat: 4 });
    expect(attempts).toEqual([4, 3, 4]);
  });

  it('takes attempts per kind from its options', () => {
    // Prepare
    const policy = new RetryPolicy({ attempts: { email: 5 } });

    // Assess
    expect([policy.maxAttempts('email'), policy.maxAttempts('http')]).toEqual([5, 4]);
  });

  it('doubles the ceiling from one second and caps it at the maximum delay', () => {
    // Prepare
    const policy = new RetryPolicy({ maxDelayMs: 10_000 });

    // Act
    const ceilings = [0, 1, 2, 3, 4, 60].map((index) => policy.ceilingMs(index));

    // Assess
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 10_000, 10_000]);
  });

  it('draws the wait uniformly between zero and the ceiling (full jitter)', () => {
    // Prepare
    const draws = [0, 0.5, 0.999];
    const policy = new RetryPolicy({ random: () => draws.shift() ?? 0 });
    const input = { maxAttempts: 4, retryAfterMs: null, now: T0, deadline: FAR };

    // Act
    const decisions = [1, 2, 3].map((attempt) => policy.decide({ ...input, attempt }));

    // Assess
    expect(decisions).toEqual([
      { retry: true, delayMs: 0 },
      { retry: true, delayMs: 1_000 },
      { retry: true, delayMs: 3_996 },
    ]);
  });

  it('stops once the attempts are used up', () => {
    // Prepare
    const policy = new RetryPolicy();

    // Act
    const decision = policy.decide({
      attempt: 3,
      maxAttempts: 3,
      retryAfterMs: null,
      now: T0,
      deadline: FAR,
    });

    // Assess
    expect(decision).toEqual({ retry: false, reason: 'attempts_exhausted' });
  });

  it('waits at least as long as the destination asked', () => {
    // Prepare
    const policy = new RetryPolicy({ random: () => 0.9 });

    // Act
    const decision = policy.decide({
      attempt: 1,
      maxAttempts: 4,
      retryAfterMs: 7_000,
      now: T0,
      deadline: FAR,
    });

    // Assess
    expect(decision).toEqual({ retry: true, delayMs: 7_000 });
  });

  it('stops out of time rather than schedule a wait that ends past the deadline', () => {
    // Prepare
    const policy = new RetryPolicy({ random: () => 0, minAttemptMs: 250 });
    const input = { attempt: 1, maxAttempts: 4, now: T0 };

    // Act
    const fits = policy.decide({ ...input, retryAfterMs: 1_000, deadline: T0 + 1_250 });
    const tooLate = policy.decide({ ...input, retryAfterMs: 1_000, deadline: T0 + 1_249 });

    // Assess
    expect(fits).toEqual({ retry: true, delayMs: 1_000 });
    expect(tooLate).toEqual({ retry: false, reason: 'out_of_time' });
  });
});

describe('Function: deadlineFromRemaining', () => {
  it('keeps a safety margin back from the remaining time', () => {
    // Assess
    expect(deadlineFromRemaining(T0, 60_000)).toBe(T0 + 57_000);
    expect(deadlineFromRemaining(T0, 60_000, 10_000)).toBe(T0 + 50_000);
  });
});

describe('Function: parseRetryAfter', () => {
  it.each([
    ['Retry-After in seconds', { 'retry-after': '3' }, 3_000],
    ['fractional rateLimit-reset seconds', { 'ratelimit-reset': '1.5' }, 1_500],
    ['an HTTP-date', { 'retry-after': new Date(T0 + 5_000).toUTCString() }, 5_000],
    ['an HTTP-date in the past', { 'retry-after': new Date(T0 - 5_000).toUTCString() }, 0],
    ['the longer of both headers', { 'retry-after': '2', 'ratelimit-reset': '9' }, 9_000],
    ['no header', {}, null],
    ['garbage', { 'retry-after': 'soon', 'ratelimit-reset': 'Wed, 01 Jan 2025 00:00:05 GMT' }, null],
  ])('reads %s', (_label, headers, expected) => {
    // Act
    const wait = parseRetryAfter(new Headers(headers), T0);

    // Assess
    expect(wait).toBe(expected);
  });
});
