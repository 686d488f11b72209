import { describeError } from '../../kernel/errors.ts';
import type { FailureReason } from '../delivery-log.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import type { EndpointRef } from '../health/ports.ts';
import type { DeliverDeps, DeliveryInput, DeliveryOutcome } from './deliver-types.ts';
import { writeLog } from './delivery-record.ts';

/** The destination a delivery goes to, as endpoint health keys it. */
export const endpointOf = (message: DeliveryMessage): EndpointRef => ({
  tenantId: message.event.tenant_id,
  routeId: message.route_id,
});

/** The delivery message as the router wrote it: what a dead letter or a held delivery keeps. */
export const routerBody = (message: DeliveryMessage | null, input: DeliveryInput): string => {
  if (message?.retry === undefined) return input.body;
  const { retry: _retry, ...original } = message;
  return JSON.stringify(original);
};

/**
 * Holds a delivery whose destination is disabled (or has just answered 410 Gone): kept in the endpoints table,
 * never dropped and not counted as an attempt, until an operator enables the destination and the held deliveries
 * are released in order of receipt. When the hold cannot be written, SQS gets the record back and it is held
 * on a later receive.
 */
export const holdForEndpoint = async (
  message: DeliveryMessage,
  input: DeliveryInput,
  deps: DeliverDeps,
  reason: FailureReason | null,
): Promise<DeliveryOutcome> => {
  const held = deps.held;
  if (held === undefined) throw new Error('holdForEndpoint needs the held-deliveries store');
  try {
    await held.hold(endpointOf(message), {
      delivery_id: message.delivery_id,
      event_id: message.event.event_id,
      received_at: message.event.received_at,
      held_at: new Date(deps.clock()).toISOString(),
      body: routerBody(message, input),
      attributes: input.attributes,
    });
  } catch (error) {
    return { status: 'held', retry: true, reason, message, logError: `not held: ${describeError(error)}` };
  }
  const logError = await writeLog(message, { status: 'held', result: null, reason }, input, deps);
  return { status: 'held', retry: false, reason, message, logError };
};
