/**
 * The sync connectors' own failures. They extend the kernel's error classes, so whoever turns errors into
 * retry decisions does it the same way for both, by `instanceof`: permanent → FAILED for that tenant, retryable →
 * the state machine's Retry, `RateLimitWaitRequiredError` → its Wait state first. Messages never carry tokens,
 * URLs or bodies.
 */
import { AuthExpiredError, type OperationError, PermanentError, RetryableError } from '../../kernel/index.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';

/** What every sync error is built from. */
export interface SyncErrorInit {
  readonly system: ChatSystem;
  readonly message: string;
  /** Epoch ms. */
  readonly failedAt: number;
  readonly attempts?: number;
  readonly lastStatus?: number | null;
  readonly cause?: unknown;
}

const deliveryInit = (init: SyncErrorInit) => ({
  message: `${init.system}: ${init.message}`,
  attempts: init.attempts ?? 1,
  lastStatus: init.lastStatus ?? null,
  failedAt: init.failedAt,
  cause: init.cause,
});

/**
 * The vendor refused the tenant's credentials for good (Slack `invalid_grant`, a revoked app, an expired client
 * secret, a token refused right after a refresh). Retrying cannot help: fatal for this tenant and system until
 * someone reconnects it.
 */
export class AuthRevokedError extends PermanentError {
  public override readonly name: string = 'AuthRevokedError';
  public readonly system: ChatSystem;

  public constructor(init: SyncErrorInit) {
    super({ ...deliveryInit(init), code: 'auth_expired' });
    this.system = init.system;
  }
}

/** The vendor answered something that does not fit its documented shape, or an error we cannot act on. */
export class VendorResponseError extends PermanentError {
  public override readonly name: string = 'VendorResponseError';
  public readonly system: ChatSystem;

  public constructor(init: SyncErrorInit) {
    super({ ...deliveryInit(init), code: 'validation_error' });
    this.system = init.system;
  }
}

/** What a long-wait signal is built from. */
export interface RateLimitWaitInit extends Omit<SyncErrorInit, 'message'> {
  readonly waitMs: number;
  /** The cursor of the first page not yet handed to `onPage` (`null`: from the start). */
  readonly resumeCursor?: string | null;
}

/**
 * The vendor (or our own pacing) asks for a wait longer than a Lambda should sit through. The state machine
 * waits `waitMs` in a Wait state, then lists again from `resumeCursor`; nothing was lost.
 */
export class RateLimitWaitRequiredError extends RetryableError {
  public override readonly name: string = 'RateLimitWaitRequiredError';
  public readonly system: ChatSystem;
  public readonly waitMs: number;
  public readonly resumeCursor: string | null;

  public constructor(init: RateLimitWaitInit) {
    const message = `rate limited: wait ${init.waitMs} ms before the next request`;
    super({ ...deliveryInit({ ...init, message }), code: 'rate_limited', retryAfterMs: init.waitMs });
    this.system = init.system;
    this.waitMs = init.waitMs;
    this.resumeCursor = init.resumeCursor ?? null;
  }

  /** The same signal, telling the caller which page to resume from. */
  public resumingAt(cursor: string | null): RateLimitWaitRequiredError {
    return new RateLimitWaitRequiredError({
      system: this.system,
      waitMs: this.waitMs,
      failedAt: Date.parse(this.reason.failed_at),
      attempts: this.reason.attempts,
      lastStatus: this.reason.last_status,
      resumeCursor: cursor,
      cause: this.cause,
    });
  }
}

/** Adds which system and call failed; classes and codes stay, so decisions by `instanceof` are unchanged. */
export const inCallContext = (error: OperationError, prefix: string): OperationError => {
  if (error instanceof AuthRevokedError || error instanceof VendorResponseError) return error;
  if (error instanceof RateLimitWaitRequiredError) return error;
  const { reason } = error;
  const init = {
    code: reason.code,
    message: `${prefix}: ${error.message}`,
    attempts: reason.attempts,
    lastStatus: reason.last_status,
    failedAt: Date.parse(reason.failed_at),
    retryAfterMs: error.retryAfterMs,
    cause: error,
  };
  if (error instanceof AuthExpiredError) return new AuthExpiredError(init);
  return error instanceof RetryableError ? new RetryableError(init) : new PermanentError(init);
};
