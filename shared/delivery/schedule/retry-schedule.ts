import * as z from 'zod';
import type { Random } from '../../kernel/clock.ts';
import type { DestinationKind } from '../../kernel/retry-policy.ts';

/**
 * The delivery retry schedule: how long to wait before each attempt after the first, per destination kind.
 * Attempt 1 is made at once; attempt n + 1 waits `delaysMs[n - 1]` (± `jitter`) after attempt n failed. The
 * waits are held by the delivery queue, never by a sleeping function, so a schedule can span days.
 */
export const RetryScheduleSchema = z.strictObject({
  /** Waits before attempts 2, 3, …; at least one, each at least one second. */
  delays_ms: z.array(z.number().int().min(1_000)).min(1).max(30),
  /** Relative jitter applied to each wait, e.g. 0.2 for ± 20 %. */
  jitter: z.number().min(0).max(0.5),
});
export type RetrySchedule = z.infer<typeof RetryScheduleSchema>;

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * The defaults. HTTP follows the Standard Webhooks example table (≈ 75.6 h, so a weekend outage heals by
 * itself); email and chat messages lose their worth within a day or two, so they stop sooner.
 */
export const DEFAULT_RETRY_SCHEDULES = {
  http: {
    delays_ms: [
      5 * SECOND,
      30 * SECOND,
      5 * MINUTE,
      30 * MINUTE,
      2 * HOUR,
      5 * HOUR,
      10 * HOUR,
      14 * HOUR,
      20 * HOUR,
      24 * HOUR,
    ],
    jitter: 0.2,
  },
  email: {
    delays_ms: [10 * SECOND, MINUTE, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 6 * HOUR, 12 * HOUR, 24 * HOUR],
    jitter: 0.2,
  },
  chat: {
    delays_ms: [
      5 * SECOND,
      30 * SECOND,
      2 * MINUTE,
      10 * MINUTE,
      30 * MINUTE,
      HOUR,
      2 * HOUR,
      4 * HOUR,
      8 * HOUR,
      12 * HOUR,
    ],
    jitter: 0.2,
  },
} as const satisfies Record<DestinationKind, RetrySchedule>;

/** The schedule's total span without jitter: from the first failure to the last attempt. */
export const horizonMs = (schedule: RetrySchedule): number =>
  schedule.delays_ms.reduce((sum, delay) => sum + delay, 0);

/** The longest the schedule can take with jitter at its maximum: what retention and idempotency must outlive. */
export const maxHorizonMs = (schedule: RetrySchedule): number =>
  Math.ceil(horizonMs(schedule) * (1 + schedule.jitter));

/** Attempts the schedule allows, the first included. */
/**
 * A schedule run `timeScale` times faster (local mode, tests); the same schedule at 1. No wait is shorter than a
 * second, SQS's delay granularity, so the scaled horizon is the time the scaled schedule really takes.
 */
export const scaledSchedule = (schedule: RetrySchedule, timeScale = 1): RetrySchedule =>
  timeScale === 1
    ? schedule
    : { ...schedule, delays_ms: schedule.delays_ms.map((delay) => Math.max(1_000, delay / timeScale)) };

/**
 * A period measured against the schedules (the endpoint disable period) under the same time scale as they
 * really run: the scaled schedule's horizon is stretched by its one-second floor, and the period is stretched
 * alike, so a delivery can still exhaust its schedule before its destination is disabled, as it can at scale 1.
 */
export const scaledPeriodMs = (
  periodMs: number,
  schedules: readonly RetrySchedule[],
  timeScale = 1,
): number => {
  if (timeScale === 1) return periodMs;
  const nominal = Math.max(...schedules.map(horizonMs));
  const real = Math.max(...schedules.map((schedule) => horizonMs(scaledSchedule(schedule, timeScale))));
  return nominal > 0 ? Math.max(periodMs / timeScale, (periodMs * real) / nominal) : periodMs / timeScale;
};

export const maxAttempts = (schedule: RetrySchedule): number => schedule.delays_ms.length + 1;

/** What follows a failed attempt. */
export type NextAttempt =
  | { readonly kind: 'retry'; readonly delayMs: number; readonly at: number }
  | { readonly kind: 'exhausted' };

/** The facts the next attempt is planned from. */
export interface FailedAttempt {
  /** Attempts made so far, the failed one included (1 after the first). */
  readonly attempts: number;
  /** Epoch ms of the first failed attempt of this delivery. */
  readonly firstFailedAt: number;
  /** The destination's own `Retry-After` / `RateLimit-Reset`, in ms, when it said so. */
  readonly retryAfterMs: number | null;
  readonly now: number;
}

/**
 * Plans the attempt after a failure: the scheduled wait with jitter, or longer when the destination asked for
 * longer, but never past the schedule's horizon (counted from the first failure): a `Retry-After` beyond it
 * moves the last attempt to the horizon instead of giving up early. The last attempt is never earlier than the
 * nominal horizon, so jitter cannot shorten the outage a delivery survives.
 */
export const nextAttempt = (schedule: RetrySchedule, failed: FailedAttempt, random: Random): NextAttempt => {
  const index = failed.attempts - 1;
  const scheduled = schedule.delays_ms[index];
  if (scheduled === undefined) return { kind: 'exhausted' };
  const jittered = Math.round(scheduled * (1 + schedule.jitter * (2 * random() - 1)));
  const asked = Math.max(jittered, failed.retryAfterMs ?? 0);
  const latest = failed.firstFailedAt + maxHorizonMs(schedule);
  // The last attempt never comes before the nominal horizon, whatever the jitter drew on the way: an outage
  // shorter than the horizon always ends before the delivery gives up.
  const isLast = index === schedule.delays_ms.length - 1;
  const earliest = isLast ? failed.firstFailedAt + horizonMs(schedule) : 0;
  const at = Math.max(failed.now + SECOND, earliest, Math.min(failed.now + asked, latest));
  return { kind: 'retry', delayMs: at - failed.now, at };
};
