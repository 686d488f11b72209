import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_SCHEDULES,
  horizonMs,
  maxAttempts,
  maxHorizonMs,
  nextAttempt,
  RetryScheduleSchema,
} from '../../../../shared/delivery/schedule/retry-schedule.ts';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-12-05T00:00:00.000Z');
const middle = () => 0.5;

describe('Function: nextAttempt', () => {
  it('spans more than 72 hours for http by default, in 11 attempts', () => {
    // Assess
    expect(horizonMs(DEFAULT_RETRY_SCHEDULES.http)).toBe(272_135_000);
    expect(horizonMs(DEFAULT_RETRY_SCHEDULES.http)).toBeGreaterThan(72 * HOUR);
    expect(maxAttempts(DEFAULT_RETRY_SCHEDULES.http)).toBe(11);
    expect(maxHorizonMs(DEFAULT_RETRY_SCHEDULES.http)).toBe(Math.ceil(272_135_000 * 1.2));
  });

  it('waits the scheduled delay after each failure when the jitter draws the middle', () => {
    // Prepare
    const schedule = DEFAULT_RETRY_SCHEDULES.http;

    // Act: each failure happens when its attempt was due.
    let now = T0;
    const waits = schedule.delays_ms.map((_, index) => {
      const next = nextAttempt(
        schedule,
        { attempts: index + 1, firstFailedAt: T0, retryAfterMs: null, now },
        middle,
      );
      if (next.kind !== 'retry') return null;
      now = next.at;
      return next.delayMs;
    });

    // Assess
    expect(waits).toEqual(schedule.delays_ms);
  });

  it('keeps each wait within ± 20 % of its step', () => {
    // Prepare
    const schedule = DEFAULT_RETRY_SCHEDULES.http;
    const failed = { attempts: 5, firstFailedAt: T0, retryAfterMs: null, now: T0 };

    // Act
    const low = nextAttempt(schedule, failed, () => 0);
    const high = nextAttempt(schedule, failed, () => 0.999_999);

    // Assess
    expect(low).toEqual({ kind: 'retry', delayMs: 0.8 * 2 * HOUR, at: T0 + 0.8 * 2 * HOUR });
    expect(high.kind === 'retry' && high.delayMs).toBeLessThanOrEqual(1.2 * 2 * HOUR);
    expect(high.kind === 'retry' && high.delayMs).toBeGreaterThan(1.19 * 2 * HOUR);
  });

  it('is exhausted after the last step', () => {
    // Act
    const next = nextAttempt(
      DEFAULT_RETRY_SCHEDULES.http,
      { attempts: 11, firstFailedAt: T0, retryAfterMs: null, now: T0 + 75 * HOUR },
      middle,
    );

    // Assess
    expect(next).toEqual({ kind: 'exhausted' });
  });

  it('honours a Retry-After longer than the step', () => {
    // Act
    const next = nextAttempt(
      DEFAULT_RETRY_SCHEDULES.http,
      { attempts: 1, firstFailedAt: T0, retryAfterMs: 10 * HOUR, now: T0 },
      middle,
    );

    // Assess
    expect(next).toEqual({ kind: 'retry', delayMs: 10 * HOUR, at: T0 + 10 * HOUR });
  });

  it('never waits less than the step when Retry-After asks for less', () => {
    // Act
    const next = nextAttempt(
      DEFAULT_RETRY_SCHEDULES.http,
      { attempts: 3, firstFailedAt: T0, retryAfterMs: 1_000, now: T0 },
      middle,
    );

    // Assess
    expect(next.kind === 'retry' && next.delayMs).toBe(5 * 60_000);
  });

  it('moves an attempt that Retry-After would push past the horizon to the horizon', () => {
    // Prepare
    const schedule = DEFAULT_RETRY_SCHEDULES.chat;
    const now = T0 + 20 * HOUR;

    // Act
    const next = nextAttempt(
      schedule,
      { attempts: 9, firstFailedAt: T0, retryAfterMs: 1_000 * HOUR, now },
      middle,
    );

    // Assess
    expect(next).toEqual({
      kind: 'retry',
      delayMs: T0 + maxHorizonMs(schedule) - now,
      at: T0 + maxHorizonMs(schedule),
    });
  });

  it('still waits a second when the horizon has already passed', () => {
    // Act
    const next = nextAttempt(
      DEFAULT_RETRY_SCHEDULES.chat,
      { attempts: 10, firstFailedAt: T0, retryAfterMs: 100 * HOUR, now: T0 + 100 * HOUR },
      middle,
    );

    // Assess
    expect(next.kind === 'retry' && next.delayMs).toBe(1_000);
  });
});

describe('Schema: RetryScheduleSchema', () => {
  it('accepts every default schedule', () => {
    // Assess
    for (const schedule of Object.values(DEFAULT_RETRY_SCHEDULES)) {
      expect(RetryScheduleSchema.safeParse(schedule).success).toBe(true);
    }
  });

  it('refuses an empty schedule, sub-second steps and jitter over 50 %', () => {
    // Assess
    expect(RetryScheduleSchema.safeParse({ delays_ms: [], jitter: 0.2 }).success).toBe(false);
    expect(RetryScheduleSchema.safeParse({ delays_ms: [500], jitter: 0.2 }).success).toBe(false);
    expect(RetryScheduleSchema.safeParse({ delays_ms: [5_000], jitter: 0.6 }).success).toBe(false);
  });
});

describe('Function: nextAttempt (the last attempt)', () => {
  it('never comes before the nominal horizon, even when every jitter draw is the shortest', () => {
    // Prepare
    const schedule = DEFAULT_RETRY_SCHEDULES.http;
    let now = T0;

    // Act
    for (let attempts = 1; ; attempts += 1) {
      const next = nextAttempt(schedule, { attempts, firstFailedAt: T0, retryAfterMs: null, now }, () => 0);
      if (next.kind === 'exhausted') break;
      now = next.at;
    }

    // Assess
    expect(now - T0).toBe(horizonMs(schedule));
  });
});
