import * as z from 'zod';
import type { Random } from '../../kernel/clock.ts';
import type { FailureReason } from '../delivery-log.ts';
import { maxHorizonMs, nextAttempt, type RetrySchedule } from './retry-schedule.ts';

/**
 * Where a delivery stands in its retry schedule, carried in the delivery message itself: the worker re-enqueues
 * a failed delivery as a new message with this state instead of handing the old one back to SQS, so each
 * message knows which attempt it is and when it may run.
 */
export const RetryStateSchema = z.strictObject({
  /** Requests-making attempts so far (sheds by the breaker or the rate limit do not count). */
  attempts: z.number().int().min(0),
  /** Times the delivery was put back without an attempt (breaker open, rate limit, out of time). */
  deferrals: z.number().int().min(0),
  /** When the first attempt failed: the schedule's horizon counts from here. */
  first_failed_at: z.iso.datetime(),
  /** Not to be attempted before this; an earlier receive holds the message until then. */
  not_before: z.iso.datetime(),
  /** The last failure's code, for operators reading a message in flight. */
  last_code: z.string().min(1).max(64),
});
export type RetryState = z.infer<typeof RetryStateSchema>;

/** Failures that sent nothing: the attempt is put back without counting against the schedule. */
const SHED_CODES: ReadonlySet<string> = new Set(['circuit_open', 'rate_limited_locally', 'out_of_time']);

/** A shed is put back after the breaker's or limiter's own wait, but never sooner than this. */
export const MIN_DEFERRAL_MS = 5_000;

/** What the worker does after a retryable failure. */
export type RetryPlan =
  | { readonly kind: 'reschedule'; readonly retry: RetryState; readonly delayMs: number }
  | { readonly kind: 'exhausted'; readonly attempts: number; readonly horizonMs: number };

/** The facts a plan is made from. */
export interface RetryPlanInput {
  readonly schedule: RetrySchedule;
  /** The state the failed message carried; absent on a delivery's first message. */
  readonly previous: RetryState | undefined;
  readonly reason: FailureReason;
  readonly retryAfterMs: number | null;
  readonly now: number;
  readonly random: Random;
  /** The shortest wait after a shed; default `MIN_DEFERRAL_MS` (scaled down with the schedule in local mode). */
  readonly minDeferralMs?: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();

/** True when the failure made no request to the destination (shed locally, or no time to make one). */
export const isShed = (reason: FailureReason): boolean =>
  reason.attempts === 0 && SHED_CODES.has(reason.code);

/**
 * Plans what follows a retryable failure: the next attempt on the schedule (a shed keeps its place and waits
 * for the breaker or limiter), or exhaustion once the schedule has no attempt left or its horizon (counted from
 * the first failure, jitter included) has passed.
 */
export const planRetry = (input: RetryPlanInput): RetryPlan => {
  const { schedule, previous, reason, now } = input;
  const firstFailedAt = previous === undefined ? now : Date.parse(previous.first_failed_at);
  const attemptsBefore = previous?.attempts ?? 0;
  const shed = isShed(reason);
  const attempts = shed ? attemptsBefore : attemptsBefore + 1;
  const horizon = maxHorizonMs(schedule);
  if (now - firstFailedAt >= horizon) return { kind: 'exhausted', attempts, horizonMs: horizon };
  const base = { first_failed_at: iso(firstFailedAt), last_code: reason.code.slice(0, 64) };
  if (shed) {
    const delayMs = Math.min(
      Math.max(input.retryAfterMs ?? 0, input.minDeferralMs ?? MIN_DEFERRAL_MS),
      firstFailedAt + horizon - now,
    );
    const retry = {
      ...base,
      attempts,
      deferrals: (previous?.deferrals ?? 0) + 1,
      not_before: iso(now + delayMs),
    };
    return { kind: 'reschedule', retry, delayMs };
  }
  const next = nextAttempt(
    schedule,
    { attempts: Math.max(attempts, 1), firstFailedAt, retryAfterMs: input.retryAfterMs, now },
    input.random,
  );
  if (next.kind === 'exhausted') return { kind: 'exhausted', attempts, horizonMs: horizon };
  const retry = { ...base, attempts, deferrals: previous?.deferrals ?? 0, not_before: iso(next.at) };
  return { kind: 'reschedule', retry, delayMs: next.delayMs };
};

/** SQS holds a new message back at most this long (`DelaySeconds`). */
export const MAX_DELAY_SECONDS = 900;
/** A received message can be hidden at most this long per receive (`ChangeMessageVisibility`). */
export const MAX_VISIBILITY_SECONDS = 43_200;
/** A message this close to its time is attempted now: waking it again would cost more than it saves. */
export const EARLY_TOLERANCE_MS = 1_000;

/** How long a message received before `not_before` must stay hidden, or null when it is due. */
export const holdSecondsOf = (retry: RetryState | undefined, now: number): number | null => {
  if (retry === undefined) return null;
  const waitMs = Date.parse(retry.not_before) - now;
  if (waitMs <= EARLY_TOLERANCE_MS) return null;
  return Math.min(Math.ceil(waitMs / 1000), MAX_VISIBILITY_SECONDS);
};

/** The `DelaySeconds` of a re-enqueued message: its whole wait when SQS can hold it, else the longest hop. */
export const delaySecondsOf = (delayMs: number): number =>
  Math.min(Math.max(0, Math.ceil(delayMs / 1000)), MAX_DELAY_SECONDS);
