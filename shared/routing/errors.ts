/**
 * The router's error classes. The handler turns them into log lines and metrics in one place by `instanceof`;
 * every one of them makes the SQS record a batch item failure, and they differ in what an operator should expect:
 * a retryable failure will likely pass on the next receive, a permanent one will reach the inbound DLQ.
 */

/** A failure that may pass on a later receive of the same SQS record. */
export abstract class RetryableRoutingError extends Error {}

/** A record that will fail the same way on every receive; it reaches the inbound DLQ after maxReceiveCount. */
export abstract class PermanentRoutingError extends Error {}

/** What could still be read from a broken envelope, so its log line can be found from the receiver's. */
export interface EnvelopeHints {
  readonly trace_id: string | null;
  readonly event_id: string | null;
}

/** Why a queue message is not a usable envelope; each problem is `path: what is wrong`. */
export class InvalidEnvelopeError extends PermanentRoutingError {
  public override readonly name = 'InvalidEnvelopeError';
  public constructor(
    public readonly problems: readonly string[],
    public readonly hints: EnvelopeHints,
    options?: ErrorOptions,
  ) {
    super(`the message is not a valid event envelope: ${problems.join('; ')}`, options);
  }
}

/** One delivery message the queue did not accept. */
export interface EnqueueFailure {
  readonly delivery_id: string;
  /** The queue's error code (`InvalidParameterValue`, `MessageTooLong`, an SDK error name, …). */
  readonly code: string;
  readonly message: string;
}

/** Some delivery messages of an event were not enqueued; routing the event again is safe (see the use case). */
export class EnqueueError extends RetryableRoutingError {
  public override readonly name = 'EnqueueError';
  public constructor(
    public readonly failures: readonly EnqueueFailure[],
    public readonly attempted: number,
  ) {
    const first = failures[0];
    super(
      `${failures.length} of ${attempted} delivery message(s) were not enqueued` +
        (first ? ` (first: ${first.delivery_id} ${first.code}: ${first.message})` : ''),
    );
  }
}

/** The same provider event is being routed right now by another invocation; the later receive settles it. */
export class EventInProgressError extends RetryableRoutingError {
  public override readonly name = 'EventInProgressError';
}

/** The claim-checked body a route filter needs could not be read now (S3 throttled, unreachable). */
export class EventBodyUnavailableError extends RetryableRoutingError {
  public override readonly name = 'EventBodyUnavailableError';
}

/** The claim-checked body is gone or is not the one the receiver verified: it never will be readable. */
export class EventBodyInvalidError extends PermanentRoutingError {
  public override readonly name = 'EventBodyInvalidError';
}
