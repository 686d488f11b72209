/**
 * The one error base every feature's failures extend: retryable (worth another attempt later) or permanent
 * (never worth one). The delivery worker and the sync engine turn them into decisions in one place each by
 * `instanceof`. Messages end up in DLQ messages and logs, so they never carry URLs, headers or bodies.
 */

/** Why a delivery failed, one value per distinct cause an operator would act on differently. */
export type FailureCode =
  | 'rate_limited'
  | 'request_timeout'
  | 'server_error'
  | 'timeout'
  | 'connection_error'
  | 'dns_failure'
  | 'rate_limited_locally'
  | 'circuit_open'
  | 'out_of_time'
  | 'client_error'
  | 'unexpected_redirect'
  | 'invalid_request'
  | 'validation_error'
  | 'auth_expired'
  /** A Teams integration without the delegated refresh token Graph needs for channel messages. */
  | 'teams_messaging_not_connected'
  /** The route's transform failed, timed out or produced too much or nothing; fix the route, then redrive. */
  | 'transform_failed';

/** The record attached to a DLQ message and the delivery log (outbound JSON: snake_case, ISO-8601 UTC). */
export interface DeliveryFailureReason {
  readonly code: FailureCode;
  readonly message: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly failed_at: string;
}

/** What every operation error is built from. */
export interface OperationErrorInit {
  readonly code: FailureCode;
  readonly message: string;
  /** Requests actually sent to the destination (shed and locally limited calls do not count). */
  readonly attempts: number;
  /** HTTP status of the last attempt, `null` when it got no response. */
  readonly lastStatus: number | null;
  /** Epoch milliseconds. */
  readonly failedAt: number;
  /** How long the destination (or breaker) asked us to stay away, when it said so. */
  readonly retryAfterMs?: number | null;
  readonly cause?: unknown;
}

/** The common shape of every outbound delivery failure. */
export abstract class OperationError extends Error {
  public readonly reason: DeliveryFailureReason;
  public readonly retryAfterMs: number | null;
  /** How long each attempt of the failed send took; set by the outbound client as the failure leaves it. */
  public latenciesMs: readonly number[] = [];

  protected constructor(init: OperationErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.reason = {
      code: init.code,
      message: init.message,
      attempts: init.attempts,
      last_status: init.lastStatus,
      failed_at: new Date(init.failedAt).toISOString(),
    };
    this.retryAfterMs = init.retryAfterMs ?? null;
  }
}

/** A failure that may succeed later: 408, 429, 5xx, timeouts, connection and DNS errors, out of time. */
export class RetryableError extends OperationError {
  public override readonly name: string = 'RetryableError';
  public constructor(init: OperationErrorInit) {
    super(init);
  }
}

/** A failure that will fail the same way every time: other 4xx, redirects, invalid requests, bad payloads. */
export class PermanentError extends OperationError {
  public override readonly name: string = 'PermanentError';
  public constructor(init: OperationErrorInit) {
    super(init);
  }
}

/**
 * A 401. The client refreshes credentials once when it can; when this escapes the client that refresh is spent
 * (or impossible), and the same request would be refused again, hence permanent.
 */
export class AuthExpiredError extends PermanentError {
  public override readonly name: string = 'AuthExpiredError';
}

/** The destination's breaker is open: the call was shed without touching the destination; retry later. */
export class CircuitOpenError extends RetryableError {
  public override readonly name: string = 'CircuitOpenError';
}

/** A log-safe one-line description of any thrown value: its class and message, never its payload. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `non-error thrown: ${typeof error}`;
