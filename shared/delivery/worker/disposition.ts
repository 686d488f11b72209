import { describeError, OperationError, RetryableError } from '../../kernel/errors.ts';
import type { AttemptRecord } from '../../kernel/http/attempt-record.ts';
import type { FailureReason } from '../delivery-log.ts';

/** What to do with a delivery that failed: try again (SQS retry, then the DLQ) or dead-letter it now. */
export interface Disposition {
  readonly retryable: boolean;
  readonly reason: FailureReason;
  /** How long the destination asked us to stay away, when it said so. */
  readonly retryAfterMs: number | null;
  /** How long each attempt took, when attempts were made. */
  readonly latenciesMs: readonly number[];
  /** Each request of the failed send, for the delivery log. */
  readonly history: readonly AttemptRecord[];
}

/** Unexpected errors are described in a log line and the DLQ reason; a bound keeps a huge message out. */
const MAX_MESSAGE = 500;

/**
 * The one place a failure becomes a retry decision, by `instanceof`: delivery errors say for themselves;
 * anything else (a bug, an idempotency store that did not answer) is retried, because a retry loses nothing
 * and after maxReceiveCount the record still reaches the DLQ with this reason.
 */
export const dispositionOf = (error: unknown, now: number): Disposition => {
  if (error instanceof OperationError) {
    return {
      retryable: error instanceof RetryableError,
      reason: error.reason,
      retryAfterMs: error.retryAfterMs,
      latenciesMs: error.latenciesMs,
      history: error.history,
    };
  }
  const reason: FailureReason = {
    code: 'internal_error',
    message: describeError(error).slice(0, MAX_MESSAGE),
    attempts: 0,
    last_status: null,
    failed_at: new Date(now).toISOString(),
  };
  return { retryable: true, reason, retryAfterMs: null, latenciesMs: [], history: [] };
};
