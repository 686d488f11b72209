import type { Clock, Random } from '../../kernel/clock.ts';
import type { DestinationKind } from '../../kernel/retry-policy.ts';
import type { DeliveryLog, FailureReason } from '../delivery-log.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import type { DeliveryResult, DestinationRegistry } from '../destinations/types.ts';
import type { HealthMonitor } from '../health/monitor.ts';
import type { HeldDeliveries } from '../health/ports.ts';
import type { RetrySchedule } from '../schedule/retry-schedule.ts';
import type { ClaimCheckReader, DeadLetterSink, DeliveryOnce, DeliveryRequeue } from './ports.ts';

/** The ports and settings the worker's use case runs on. */
export interface DeliverDeps {
  readonly destinations: DestinationRegistry;
  readonly claimChecks: ClaimCheckReader;
  readonly log: DeliveryLog;
  readonly deadLetters: DeadLetterSink;
  /** Where a failed delivery waits for its next attempt: the delivery queue, with a delay. */
  readonly requeue: DeliveryRequeue;
  readonly once: DeliveryOnce;
  readonly clock: Clock;
  /** Draws the schedule's jitter. */
  readonly random: Random;
  /** The retry schedule of each destination kind (the stage's, or the defaults). */
  readonly schedules: Readonly<Record<DestinationKind, RetrySchedule>>;
  /** Divides every scheduled wait: 1 in AWS; local mode and tests run the days-long schedule in minutes. */
  readonly timeScale?: number;
  /** The delivery queue's maxReceiveCount: a record handed back to SQS from that receive on lands in the DLQ. */
  readonly maxReceiveCount: number;
  /**
   * Endpoint health: a delivery to a disabled destination is held instead of attempted, and each attempt's
   * outcome moves the destination's health. Both or neither (tests of other concerns leave them out).
   */
  readonly health?: HealthMonitor;
  readonly held?: HeldDeliveries;
  /** Kept back from the Lambda's remaining time to record the outcome; see `deadlineFromRemaining`. */
  readonly safetyMarginMs?: number;
}

/** One SQS record of the delivery queue. */
export interface DeliveryInput {
  readonly body: string;
  /** `ApproximateReceiveCount`: 1 on the first receive. */
  readonly receiveCount: number;
  /** The Lambda's remaining time when the record started. */
  readonly remainingTimeMs: number;
  /** The message's string attributes (the router's), carried onto a dead letter. */
  readonly attributes: Readonly<Record<string, string>>;
}

interface OutcomeBase {
  readonly message: DeliveryMessage | null;
  /** Why the delivery log could not be written; the outcome stands regardless. */
  readonly logError: string | null;
}

/** The next attempt of a delivery that failed and was re-enqueued. */
export interface NextAttempt {
  /** Its number in the schedule (2 after the first failure). */
  readonly attempt: number;
  /** ISO-8601 UTC. */
  readonly at: string;
}

/**
 * What became of a record. `retry` says whether SQS must get the record back (a batch item failure):
 * - `delivered`; `failed_permanent` (in the DLQ at once, with its reason);
 * - `retrying`: re-enqueued for its next attempt on the schedule (`next`), the record itself done; or, when the
 *   queue could not take the new message, handed back to SQS (`next: null`, `retry: true`);
 * - `dead_lettered`: the schedule is exhausted and the delivery is in the DLQ (`retry: false`), or the record was
 *   handed back on its last receive and the queue's redrive moves it (`retry: true`);
 * - `waiting`: received before its time and put back for the rest of its wait; nothing was attempted;
 * - `held`: its destination is disabled (or answered 410 Gone); kept until the destination is enabled. `retry`
 *   when the hold could not be written;
 * - `in_progress`: another invocation has it.
 */
export type DeliveryOutcome = OutcomeBase &
  (
    | {
        readonly status: 'delivered';
        readonly retry: false;
        readonly result: DeliveryResult;
        readonly replayed: boolean;
      }
    | { readonly status: 'failed_permanent'; readonly retry: false; readonly reason: FailureReason }
    | {
        readonly status: 'retrying';
        readonly retry: boolean;
        readonly reason: FailureReason;
        readonly retryAfterMs: number | null;
        readonly next: NextAttempt | null;
      }
    | {
        readonly status: 'dead_lettered';
        readonly retry: boolean;
        readonly reason: FailureReason;
        readonly retryAfterMs: number | null;
      }
    | { readonly status: 'waiting'; readonly retry: boolean; readonly notBefore: string }
    | { readonly status: 'held'; readonly retry: boolean; readonly reason: FailureReason | null }
    | { readonly status: 'in_progress'; readonly retry: true }
  );
