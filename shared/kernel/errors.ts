/**
 * The outbound client's error classes. The delivery worker turns them into retry decisions in one place by
 * `instanceof`: retryable → batchItemFailures (SQS retries, then the DLQ); permanent → the DLQ at once.
 * Messages end up in DLQ messages and logs, so they never carry URLs, headers or bodies (tokens live there).
 */

/** Why a delivery failed, one value per distinct cause an operator would act on differently. */
export type DeliveryErrorCode =
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
  | 'teams_messaging_not_connected';

/** The record attached to a DLQ message and the delivery log (outbound JSON: snake_case, ISO-8601 UTC). */
export interface DeliveryFailureReason {
  readonly code: DeliveryErrorCode;
  readonly message: string;
  readonly attempts: number;
  readonly last_status: number | null;
  readonly failed_at: string;
}

/** What every delivery error is built from. */
export interface DeliveryErrorInit {
  readonly code: DeliveryErrorCode;
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
export abstract class DeliveryError extends Error {
  public readonly reason: DeliveryFailureReason;
  public readonly retryAfterMs: number | null;
  /** How long each attempt of the failed send took; set by the outbound client as the failure leaves it. */
  public latenciesMs: readonly number[] = [];

  protected constructor(init: DeliveryErrorInit) {
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
export class RetryableDeliveryError extends DeliveryError {
  public override readonly name: string = 'RetryableDeliveryError';
  public constructor(init: DeliveryErrorInit) {
    super(init);
  }
}

/** A failure that will fail the same way every time: other 4xx, redirects, invalid requests, bad payloads. */
export class PermanentDeliveryError extends DeliveryError {
  public override readonly name: string = 'PermanentDeliveryError';
  public constructor(init: DeliveryErrorInit) {
    super(init);
  }
}

/**
 * A 401. The client refreshes credentials once when it can; when this escapes the client that refresh is spent
 * (or impossible), and the same request would be refused again, hence permanent.
 */
export class AuthExpiredError extends PermanentDeliveryError {
  public override readonly name: string = 'AuthExpiredError';
}

/** The destination's breaker is open: the call was shed without touching the destination; retry later. */
export class CircuitOpenError extends RetryableDeliveryError {
  public override readonly name: string = 'CircuitOpenError';
}

/** A log-safe one-line description of any thrown value: its class and message, never its payload. */
export const describeError = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : `non-error thrown: ${typeof error}`;
