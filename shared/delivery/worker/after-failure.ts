import { describeError } from '../../kernel/errors.ts';
import type { FailureReason } from '../delivery-log.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import { delaySecondsOf, EARLY_TOLERANCE_MS, MIN_DEFERRAL_MS, planRetry } from '../schedule/retry-plan.ts';
import { scaledSchedule } from '../schedule/retry-schedule.ts';
import { deadLetterOf } from './dead-letter.ts';
import type { DeliverDeps, DeliveryInput, DeliveryOutcome } from './deliver-types.ts';
import { carriedAttributes, writeLog } from './delivery-record.ts';
import type { Disposition } from './disposition.ts';
import { routerBody } from './hold.ts';

/** A duration as an operator reads it: `42 s`, `17 min`, `75.6 h`. */
const spanOf = (ms: number): string => {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.round(ms / 1000)} s`;
};

const withNote = (reason: FailureReason, note: string): FailureReason => ({
  ...reason,
  message: `${reason.message} (${note})`,
});

/**
 * Hands the record back to SQS, which receives it again after the visibility timeout and, from maxReceiveCount
 * on, moves it to the DLQ. The fallback when the delivery queue cannot take a re-enqueued message.
 */
export const handBack = async (
  disposition: Disposition,
  message: DeliveryMessage | null,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<DeliveryOutcome> => {
  const { reason, retryAfterMs, latenciesMs } = disposition;
  const base = { retry: true, reason, retryAfterMs, message } as const;
  if (input.receiveCount >= deps.maxReceiveCount) {
    const facts = { status: 'dead_lettered', result: null, reason, latenciesMs } as const;
    return { ...base, status: 'dead_lettered', logError: await writeLog(message, facts, input, deps) };
  }
  const facts = { status: 'retrying', result: null, reason, latenciesMs } as const;
  const logError = await writeLog(message, facts, input, deps);
  return { ...base, status: 'retrying', next: null, logError };
};

/** Dead-letters the delivery now; when the DLQ cannot take it, the record is handed back instead. */
export const deadLetterNow = async (
  disposition: Disposition,
  message: DeliveryMessage | null,
  input: DeliveryInput,
  deps: DeliverDeps,
  status: 'failed_permanent' | 'dead_lettered' = 'failed_permanent',
): Promise<DeliveryOutcome> => {
  const { reason } = disposition;
  try {
    const letter = deadLetterOf(routerBody(message, input), reason, carriedAttributes(input, message));
    await deps.deadLetters.send(letter);
  } catch (error) {
    const unsent = withNote(reason, `not dead-lettered: ${describeError(error)}`);
    return handBack({ ...disposition, reason: unsent }, message, input, deps);
  }
  const facts = { status, result: null, reason, latenciesMs: disposition.latenciesMs } as const;
  const logError = await writeLog(message, facts, input, deps);
  return status === 'failed_permanent'
    ? { status, retry: false, reason, message, logError }
    : { status, retry: false, reason, retryAfterMs: disposition.retryAfterMs, message, logError };
};

/**
 * A retryable failure: the delivery is re-enqueued as a new message carrying its place in the schedule, delayed
 * by SQS until its next attempt (a wait longer than 15 minutes hops, see `holdEarly`). Once the schedule is
 * exhausted it goes to the DLQ with the last failure's reason.
 */
export const retryOnSchedule = async (
  disposition: Disposition,
  message: DeliveryMessage,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<DeliveryOutcome> => {
  const { reason, retryAfterMs, latenciesMs } = disposition;
  const schedule = scaledSchedule(deps.schedules[message.destination.type], deps.timeScale);
  const now = deps.clock();
  const plan = planRetry({
    schedule,
    previous: message.retry,
    reason,
    retryAfterMs,
    now,
    random: deps.random,
    minDeferralMs: MIN_DEFERRAL_MS / (deps.timeScale ?? 1),
  });
  if (plan.kind === 'exhausted') {
    const spent = spanOf(now - Date.parse(message.retry?.first_failed_at ?? new Date(now).toISOString()));
    const exhausted = withNote(reason, `retries exhausted: ${plan.attempts} attempt(s) over ${spent}`);
    return deadLetterNow({ ...disposition, reason: exhausted }, message, input, deps, 'dead_lettered');
  }
  try {
    const body = JSON.stringify({ ...message, retry: plan.retry });
    await deps.requeue.requeue({
      body,
      delaySeconds: delaySecondsOf(plan.delayMs),
      attributes: input.attributes,
    });
  } catch (error) {
    const kept = withNote(reason, `not re-enqueued: ${describeError(error)}`);
    return handBack({ ...disposition, reason: kept }, message, input, deps);
  }
  const next = { attempt: plan.retry.attempts + 1, at: plan.retry.not_before };
  const facts = { status: 'retrying', result: null, reason, latenciesMs, next } as const;
  const logError = await writeLog(message, facts, input, deps);
  return { status: 'retrying', retry: false, reason, retryAfterMs, next, message, logError };
};

/**
 * A message received before its next attempt is due (its wait was longer than one SQS delay) goes back for the
 * rest of the wait, unchanged; nothing is attempted and nothing is logged. Null when the message is due.
 */
export const holdEarly = async (
  message: DeliveryMessage,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<DeliveryOutcome | null> => {
  if (message.retry === undefined) return null;
  const notBefore = message.retry.not_before;
  const waitMs = Date.parse(notBefore) - deps.clock();
  if (waitMs <= EARLY_TOLERANCE_MS) return null;
  try {
    await deps.requeue.requeue({
      body: input.body,
      delaySeconds: delaySecondsOf(waitMs),
      attributes: input.attributes,
    });
  } catch {
    // SQS gives the record back after its visibility timeout, still early; it is held again then.
    return { status: 'waiting', retry: true, notBefore, message, logError: null };
  }
  return { status: 'waiting', retry: false, notBefore, message, logError: null };
};
