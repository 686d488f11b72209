import {
  AuthExpiredError,
  CircuitOpenError,
  type FailureCode,
  type OperationError,
  PermanentError,
  RetryableError,
} from '../../kernel/errors.ts';

/** Where a failure outside the outbound client happened: attempts so far and the clock reading. */
export interface FailureAt {
  readonly attempts: number;
  readonly lastStatus: number | null;
  readonly now: number;
}

const NOTHING_SENT = { attempts: 0, lastStatus: null } as const;

/** A failure that will repeat on every try (missing configuration, a rejected message). */
export const permanent = (
  code: FailureCode,
  message: string,
  now: number,
  at: Omit<FailureAt, 'now'> = NOTHING_SENT,
  cause?: unknown,
): PermanentError => new PermanentError({ code, message, failedAt: now, ...at, cause });

/** A failure that may pass (a store we depend on did not answer, a rate limit). */
export const retryable = (
  code: FailureCode,
  message: string,
  now: number,
  at: Omit<FailureAt, 'now'> & { readonly retryAfterMs?: number | null } = NOTHING_SENT,
  cause?: unknown,
): RetryableError => new RetryableError({ code, message, failedAt: now, ...at, cause });

/**
 * The same failure with earlier attempts of this delivery counted in (an SES try before the fallback, a send
 * before a token refresh), so the reason tells an operator how many requests really went out.
 */
export const withEarlierAttempts = (error: OperationError, earlier: number): OperationError => {
  if (earlier === 0) return error;
  const init = {
    code: error.reason.code,
    message: error.reason.message,
    attempts: error.reason.attempts + earlier,
    lastStatus: error.reason.last_status,
    failedAt: Date.parse(error.reason.failed_at),
    retryAfterMs: error.retryAfterMs,
    cause: error,
  };
  // Most specific class first: the worker decides by instanceof, so the class must survive the copy.
  if (error instanceof AuthExpiredError) return new AuthExpiredError(init);
  if (error instanceof CircuitOpenError) return new CircuitOpenError(init);
  if (error instanceof PermanentError) return new PermanentError(init);
  return new RetryableError(init);
};
