import type { ClaimCheckBody } from '../../webhooks/envelope.ts';
import type { DeliveryResult } from '../destinations/types.ts';

/** Where a claim-checked body lives: the envelope's `body.claim_check`. */
export type ClaimCheckReference = ClaimCheckBody['claim_check'];

/**
 * Reads claim-checked bodies: the exact bytes the receiver stored and verified. Rejects with a
 * `PermanentError` when the body can never be had (gone, altered, foreign bucket); any other
 * rejection is taken as retryable.
 */
export interface ClaimCheckReader {
  read(reference: ClaimCheckReference): Promise<Buffer>;
}

/** A message for the delivery DLQ. */
export interface DeadLetter {
  /** The delivery message exactly as received, so a redrive replays it unchanged. */
  readonly body: string;
  /** String message attributes: the failure reason (`failure_*`, `failed_at`) and the router's own. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The delivery DLQ, for permanent failures that must not wait for maxReceiveCount. */
export interface DeadLetterSink {
  send(letter: DeadLetter): Promise<void>;
}

/** A delivery message put back on the delivery queue, to be received again after `delaySeconds`. */
export interface Requeued {
  readonly body: string;
  /** At most 900, SQS's longest `DelaySeconds`; a longer wait is made of several hops. */
  readonly delaySeconds: number;
  /** The router's string attributes, carried along so filters and dead letters still have them. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** The delivery queue, as the worker writes to it: waits between attempts are held here, never in a function. */
export interface DeliveryRequeue {
  requeue(message: Requeued): Promise<void>;
}

/** Another invocation is delivering this very delivery right now: try again later, do not deliver twice. */
export class DeliveryInProgressError extends Error {
  public override readonly name = 'DeliveryInProgressError';
}

/**
 * Runs a delivery at most once per delivery id: a repeat gets the first run's result (`replayed`) without
 * running; a run that throws is forgotten, so the next receive runs again. Rejects with
 * `DeliveryInProgressError` while another invocation runs the same delivery id.
 */
export interface DeliveryOnce {
  runOnce(
    deliveryId: string,
    work: () => Promise<DeliveryResult>,
  ): Promise<{ readonly result: DeliveryResult; readonly replayed: boolean }>;
}
