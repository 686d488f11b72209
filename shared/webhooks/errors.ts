/**
 * The receiver's error classes. The use case maps them to HTTP answers in one place by `instanceof`.
 * Messages are for logs only; none of them is ever sent to the caller.
 */

/** The request is not authentic: missing/invalid signature, stale timestamp, no secret for the tenant. */
export class VerificationError extends Error {
  public override readonly name = 'VerificationError';
  public constructor(
    public readonly reason: VerificationFailureReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** Why verification failed; used as a metric dimension and a log field, never in a response. */
export type VerificationFailureReason =
  | 'missing_header'
  | 'malformed_header'
  | 'signature_mismatch'
  | 'timestamp_out_of_window'
  | 'unknown_tenant'
  | 'no_secret'
  | 'invalid_tenant_id'
  | 'client_state_mismatch';

/** A verified body that the provider's own format cannot parse (400). */
export class MalformedPayloadError extends Error {
  public override readonly name = 'MalformedPayloadError';
}

/** The signing-secret store could not be read (503, the provider retries). */
export class SecretStoreUnavailableError extends Error {
  public override readonly name = 'SecretStoreUnavailableError';
}

/** The event could not be made durable (503, the provider retries). */
export class DurabilityError extends Error {
  public override readonly name = 'DurabilityError';
}
