import type { Clock } from '../../kernel/clock.ts';
import { describeError } from '../../kernel/errors.ts';
import { deadlineFromRemaining } from '../../kernel/retry-policy.ts';
import { decodeInlineBody, isClaimChecked } from '../../webhooks/envelope.ts';
import type { DeliveryLog, DeliveryRecord, DeliveryStatus, FailureReason } from '../delivery-log.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import { buildEventPayload } from '../destinations/event-payload.ts';
import { deliverTo } from '../destinations/registry.ts';
import type { DeliveryResult, DestinationRegistry } from '../destinations/types.ts';
import { deadLetterOf } from './dead-letter.ts';
import { type Disposition, dispositionOf } from './disposition.ts';
import { parseDeliveryMessage } from './parse-message.ts';
import {
  type ClaimCheckReader,
  type DeadLetterSink,
  DeliveryInProgressError,
  type DeliveryOnce,
} from './ports.ts';

/** The ports and settings the worker's use case runs on. */
export interface DeliverDeps {
  readonly destinations: DestinationRegistry;
  readonly claimChecks: ClaimCheckReader;
  readonly log: DeliveryLog;
  readonly deadLetters: DeadLetterSink;
  readonly once: DeliveryOnce;
  readonly clock: Clock;
  /** The delivery queue's maxReceiveCount: a retry from that receive on lands in the DLQ. */
  readonly maxReceiveCount: number;
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

/**
 * What became of a record. `retry` says whether SQS must get it back (a batch item failure): `retrying`
 * and `dead_lettered` (its last receive; the queue's redrive moves it) do, `in_progress` (another invocation
 * has it) does too; `delivered` and `failed_permanent` (already in the DLQ, with its reason) do not.
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
        readonly status: 'retrying' | 'dead_lettered';
        readonly retry: true;
        readonly reason: FailureReason;
        readonly retryAfterMs: number | null;
      }
    | { readonly status: 'in_progress'; readonly retry: true }
  );

const resolveBody = (message: DeliveryMessage, reader: ClaimCheckReader): Promise<Buffer> => {
  const { body } = message.event;
  return isClaimChecked(body) ? reader.read(body.claim_check) : Promise.resolve(decodeInlineBody(body));
};

/** The one outbound delivery of a message (run at most once per delivery id). */
const attempt = async (
  message: DeliveryMessage,
  deadline: number,
  deps: DeliverDeps,
): Promise<DeliveryResult> => {
  const { event } = message;
  const payload = buildEventPayload(event, await resolveBody(message, deps.claimChecks));
  return deliverTo(deps.destinations, message.destination, {
    deliveryId: message.delivery_id,
    routeId: message.route_id,
    tenantId: event.tenant_id,
    traceId: event.trace_id,
    payload,
    deadline,
  });
};

interface RecordFacts {
  readonly status: DeliveryStatus;
  readonly result: DeliveryResult | null;
  readonly reason: FailureReason | null;
  /** The attempts' latencies of a failure (a success carries its own in `result`). */
  readonly latenciesMs?: readonly number[];
}

/** Writes the delivery log record; a failure to write is reported, never thrown (see `deliver`). */
const writeLog = async (
  message: DeliveryMessage | null,
  facts: RecordFacts,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<string | null> => {
  // A message that failed validation has no trustworthy ids to file a record under; the DLQ has it.
  if (message === null) return null;
  const { result, reason } = facts;
  const record: DeliveryRecord = {
    event_id: message.event.event_id,
    route_id: message.route_id,
    tenant_id: message.event.tenant_id,
    destination_type: message.destination.type,
    status: facts.status,
    attempts: result?.attempts ?? reason?.attempts ?? 0,
    receive_count: input.receiveCount,
    latencies_ms: result?.latencies_ms ?? facts.latenciesMs ?? [],
    last_status: result?.last_status ?? reason?.last_status ?? null,
    last_error: reason,
    updated_at: new Date(deps.clock()).toISOString(),
    ...(result?.via === undefined ? {} : { via: result.via }),
  };
  try {
    await deps.log.recordDelivery(record);
    return null;
  } catch (error) {
    return describeError(error);
  }
};

/** The router's attributes plus the ids the worker knows, for the dead letter. */
const carriedAttributes = (input: DeliveryInput, message: DeliveryMessage | null): Record<string, string> =>
  message === null
    ? { ...input.attributes }
    : {
        ...input.attributes,
        delivery_id: message.delivery_id,
        tenant_id: message.event.tenant_id,
        route_id: message.route_id,
        destination_type: message.destination.type,
        trace_id: message.event.trace_id,
      };

/** Hands the record back to SQS; from maxReceiveCount on, the queue's redrive will move it to the DLQ. */
const retryLater = async (
  disposition: Disposition,
  message: DeliveryMessage | null,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<DeliveryOutcome> => {
  const status = input.receiveCount >= deps.maxReceiveCount ? 'dead_lettered' : 'retrying';
  const { reason, retryAfterMs, latenciesMs } = disposition;
  const logError = await writeLog(message, { status, result: null, reason, latenciesMs }, input, deps);
  return { status, retry: true, reason, retryAfterMs, message, logError };
};

/** Dead-letters a permanent failure now; when the DLQ cannot take it, the record is retried instead. */
const deadLetterNow = async (
  disposition: Disposition,
  message: DeliveryMessage | null,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<DeliveryOutcome> => {
  const { reason } = disposition;
  try {
    await deps.deadLetters.send(deadLetterOf(input.body, reason, carriedAttributes(input, message)));
  } catch (error) {
    const unsent = { ...reason, message: `${reason.message} (not dead-lettered: ${describeError(error)})` };
    return retryLater({ ...disposition, reason: unsent }, message, input, deps);
  }
  const facts = {
    status: 'failed_permanent',
    result: null,
    reason,
    latenciesMs: disposition.latenciesMs,
  } as const;
  const logError = await writeLog(message, facts, input, deps);
  return { status: 'failed_permanent', retry: false, reason, message, logError };
};

/**
 * The worker's use case for one delivery message: validate it, resolve its body, deliver it at most once per
 * delivery id within the Lambda's remaining time, and record what happened. Never throws: the outcome says
 * whether SQS must retry. The delivery log is written after the fact and best-effort: failing a record over a
 * log write would make SQS run it again, and for a permanent failure that means a second call and a second
 * dead letter; a missed log write is reported in the outcome instead.
 */
export const deliver = async (input: DeliveryInput, deps: DeliverDeps): Promise<DeliveryOutcome> => {
  let message: DeliveryMessage | null = null;
  try {
    const parsed = parseDeliveryMessage(input.body, deps.clock());
    message = parsed;
    const deadline = deadlineFromRemaining(deps.clock(), input.remainingTimeMs, deps.safetyMarginMs);
    // The log write of a fresh delivery starts as soon as it succeeded, so it overlaps the idempotency
    // record's completion instead of adding a third sequential DynamoDB round trip.
    let logWrite: Promise<string | null> | null = null;
    const { result, replayed } = await deps.once.runOnce(parsed.delivery_id, async () => {
      const delivered = await attempt(parsed, deadline, deps);
      logWrite = writeLog(parsed, { status: 'delivered', reason: null, result: delivered }, input, deps);
      return delivered;
    });
    // A replay sent nothing now; its record only notes the extra receive.
    const replayFacts = {
      status: 'delivered',
      reason: null,
      result: { ...result, attempts: 0, latencies_ms: [] },
    } as const;
    const logError = await (logWrite ?? writeLog(parsed, replayFacts, input, deps));
    return { status: 'delivered', retry: false, result, replayed, message, logError };
  } catch (error) {
    if (error instanceof DeliveryInProgressError)
      return { status: 'in_progress', retry: true, message, logError: null };
    const disposition = dispositionOf(error, deps.clock());
    return disposition.retryable
      ? retryLater(disposition, message, input, deps)
      : deadLetterNow(disposition, message, input, deps);
  }
};
