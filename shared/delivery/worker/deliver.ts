import { deadlineFromRemaining } from '../../kernel/retry-policy.ts';
import { decodeInlineBody, isClaimChecked } from '../../webhooks/envelope.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import { buildEventPayload } from '../destinations/event-payload.ts';
import { deliverTo } from '../destinations/registry.ts';
import type { DeliveryResult } from '../destinations/types.ts';
import { deadLetterNow, handBack, holdEarly, retryOnSchedule } from './after-failure.ts';
import type { DeliverDeps, DeliveryInput, DeliveryOutcome } from './deliver-types.ts';
import { writeLog } from './delivery-record.ts';
import { type Disposition, dispositionOf } from './disposition.ts';
import { endpointOf, holdForEndpoint } from './hold.ts';
import { parseDeliveryMessage } from './parse-message.ts';
import { type ClaimCheckReader, DeliveryInProgressError } from './ports.ts';

export type { DeliverDeps, DeliveryInput, DeliveryOutcome } from './deliver-types.ts';

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
    headers: event.headers,
    transform: message.transform ?? null,
  });
};

/** Failures that say something about the destination: it was called (or refused the connection). */
const OUR_OWN = new Set(['invalid_request', 'validation_error', 'internal_error', 'out_of_time']);
const blamesDestination = (disposition: Disposition): boolean =>
  disposition.reason.attempts > 0 && !OUR_OWN.has(disposition.reason.code);

/** 410 Gone from an HTTP destination: it says it will never take deliveries again. */
const isGone = (disposition: Disposition, message: DeliveryMessage): boolean =>
  message.destination.type === 'http' && disposition.reason.last_status === 410;

/**
 * The worker's use case for one delivery message: validate it, hold it back when it came before its time,
 * resolve its body, deliver it at most once per delivery id within the Lambda's remaining time, and record what
 * happened; a retryable failure is re-enqueued for its next attempt on the schedule. Never throws: the outcome
 * says whether SQS must get the record back. The delivery log is written after the fact and best-effort: failing a record over a
 * log write would make SQS run it again, and for a permanent failure that means a second call and a second
 * dead letter; a missed log write is reported in the outcome instead.
 */
export const deliver = async (input: DeliveryInput, deps: DeliverDeps): Promise<DeliveryOutcome> => {
  let message: DeliveryMessage | null = null;
  try {
    const parsed = parseDeliveryMessage(input.body, deps.clock());
    message = parsed;
    const early = await holdEarly(parsed, input, deps);
    if (early !== null) return early;
    if (deps.health && (await deps.health.isDisabled(endpointOf(parsed)))) {
      return holdForEndpoint(parsed, input, deps, null);
    }
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
    if (!replayed) deps.health?.record(endpointOf(parsed), { ok: true, at: deps.clock() });
    return { status: 'delivered', retry: false, result, replayed, message, logError };
  } catch (error) {
    if (error instanceof DeliveryInProgressError)
      return { status: 'in_progress', retry: true, message, logError: null };
    const disposition = dispositionOf(error, deps.clock());
    if (message !== null && deps.health && blamesDestination(disposition)) {
      const { code, message: text } = disposition.reason;
      const gone = isGone(disposition, message);
      deps.health.record(endpointOf(message), {
        ok: false,
        at: deps.clock(),
        error: `${code}: ${text}`,
        gone,
      });
      // Disabled at once: this delivery waits with the others for the destination to be enabled.
      if (gone) return holdForEndpoint(message, input, deps, disposition.reason);
    }
    if (!disposition.retryable) return deadLetterNow(disposition, message, input, deps);
    // A message that failed validation is permanent, so a retryable failure always has its message.
    return message === null
      ? handBack(disposition, message, input, deps)
      : retryOnSchedule(disposition, message, input, deps);
  }
};
