import { describe, expect, it } from 'vitest';
import type { FailureReason } from '../../../../shared/delivery/delivery-log.ts';
import {
  delaySecondsOf,
  holdSecondsOf,
  MAX_VISIBILITY_SECONDS,
  MIN_DEFERRAL_MS,
  planRetry,
  type RetryState,
  RetryStateSchema,
} from '../../../../shared/delivery/schedule/retry-plan.ts';
import {
  DEFAULT_RETRY_SCHEDULES,
  maxHorizonMs,
} from '../../../../shared/delivery/schedule/retry-schedule.ts';

const T0 = Date.parse('2026-12-05T00:00:00.000Z');
const HOUR = 3_600_000;
const middle = () => 0.5;
const http = DEFAULT_RETRY_SCHEDULES.http;

const failure = (code: string, attempts = 1): FailureReason => ({
  code,
  message: `${code} happened`,
  attempts,
  last_status: code === 'server_error' ? 503 : null,
  failed_at: new Date(T0).toISOString(),
});

const plan = (previous: RetryState | undefined, reason: FailureReason, now: number, retryAfterMs = null) =>
  planRetry({ schedule: http, previous, reason, retryAfterMs, now, random: middle });

describe('Function: planRetry', () => {
  it('schedules the second attempt 5 s after the first failure and records where the delivery stands', () => {
    // Act
    const result = plan(undefined, failure('server_error'), T0);

    // Assess
    expect(result).toEqual({
      kind: 'reschedule',
      delayMs: 5_000,
      retry: {
        attempts: 1,
        deferrals: 0,
        first_failed_at: '2026-12-05T00:00:00.000Z',
        not_before: '2026-12-05T00:00:05.000Z',
        last_code: 'server_error',
      },
    });
    if (result.kind === 'reschedule') expect(RetryStateSchema.parse(result.retry)).toEqual(result.retry);
  });

  it('walks the whole schedule, then reports exhaustion after the eleventh attempt', () => {
    // Prepare
    let previous: RetryState | undefined;
    let now = T0;
    const delays: number[] = [];

    // Act
    for (;;) {
      const result = plan(previous, failure('server_error'), now);
      if (result.kind === 'exhausted') {
        expect(result.attempts).toBe(11);
        break;
      }
      delays.push(result.delayMs);
      previous = result.retry;
      now += result.delayMs;
    }

    // Assess
    expect(delays).toEqual(http.delays_ms);
    expect(now - T0).toBe(272_135_000);
  });

  it('does not count a shed (breaker open) as an attempt, and waits at least the breaker cool-down', () => {
    // Prepare
    const first = plan(undefined, failure('server_error'), T0);
    if (first.kind !== 'reschedule') throw new Error('expected a reschedule');

    // Act
    const shed = planRetry({
      schedule: http,
      previous: first.retry,
      reason: failure('circuit_open', 0),
      retryAfterMs: 30_000,
      now: T0 + 5_000,
      random: middle,
    });
    const limited = plan(first.retry, failure('rate_limited_locally', 0), T0 + 5_000);

    // Assess
    expect(shed).toMatchObject({ kind: 'reschedule', delayMs: 30_000, retry: { attempts: 1, deferrals: 1 } });
    expect(limited).toMatchObject({ kind: 'reschedule', delayMs: MIN_DEFERRAL_MS, retry: { attempts: 1 } });
  });

  it('counts an internal error as an attempt, so a bug cannot loop for ever', () => {
    // Act
    const result = plan(undefined, failure('internal_error', 0), T0);

    // Assess
    expect(result).toMatchObject({ kind: 'reschedule', retry: { attempts: 1, deferrals: 0 } });
  });

  it('honours a Retry-After longer than the scheduled wait', () => {
    // Act
    const result = planRetry({
      schedule: http,
      previous: undefined,
      reason: failure('rate_limited'),
      retryAfterMs: 2 * HOUR,
      now: T0,
      random: middle,
    });

    // Assess
    expect(result).toMatchObject({ kind: 'reschedule', delayMs: 2 * HOUR });
  });

  it('gives up once the horizon has passed, however the delivery was shed meanwhile', () => {
    // Prepare
    const previous: RetryState = {
      attempts: 3,
      deferrals: 40,
      first_failed_at: new Date(T0).toISOString(),
      not_before: new Date(T0).toISOString(),
      last_code: 'circuit_open',
    };

    // Act
    const result = plan(previous, failure('circuit_open', 0), T0 + maxHorizonMs(http));

    // Assess
    expect(result).toEqual({ kind: 'exhausted', attempts: 3, horizonMs: maxHorizonMs(http) });
  });
});

describe('Function: holdSecondsOf', () => {
  it('holds an early message until its time, at most 12 hours per receive', () => {
    // Prepare
    const retry = (notBefore: number): RetryState => ({
      attempts: 5,
      deferrals: 0,
      first_failed_at: new Date(T0).toISOString(),
      not_before: new Date(notBefore).toISOString(),
      last_code: 'server_error',
    });

    // Act / Assess
    expect(holdSecondsOf(undefined, T0)).toBeNull();
    expect(holdSecondsOf(retry(T0 + 500), T0)).toBeNull();
    expect(holdSecondsOf(retry(T0 + 90_500), T0)).toBe(91);
    expect(holdSecondsOf(retry(T0 + 20 * HOUR), T0)).toBe(MAX_VISIBILITY_SECONDS);
  });
});

describe('Function: delaySecondsOf', () => {
  it('lets SQS hold up to 15 minutes of a wait', () => {
    // Act / Assess
    expect(delaySecondsOf(4_200)).toBe(5);
    expect(delaySecondsOf(30 * 60_000)).toBe(900);
    expect(delaySecondsOf(-1)).toBe(0);
  });
});
