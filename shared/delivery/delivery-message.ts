import * as z from 'zod';
import { DestinationSchema } from '../tenants/destinations.ts';
import { EventEnvelopeSchema } from '../webhooks/envelope-schema.ts';
import { RetryStateSchema } from './schedule/retry-plan.ts';

/** Version of the delivery message format; the worker rejects versions it does not know. */
export const DELIVERY_MESSAGE_VERSION = 1;

/**
 * One delivery: an inbound event × one matched route, as the router puts it on the delivery queue.
 * The destination is a snapshot taken at routing time, so a route edited mid-retry does not change where a
 * delivery already in flight goes. `delivery_id` (`<event id>:<route id>`) is the idempotency key of the
 * worker and the `Idempotency-Key` sent to the far end. A failed delivery is re-enqueued as a new message with
 * its place in the retry schedule (`retry`); everything else stays as the router wrote it.
 */
export const DeliveryMessageSchema = z.strictObject({
  version: z.literal(DELIVERY_MESSAGE_VERSION),
  delivery_id: z.string().min(3),
  route_id: z.string().min(1),
  destination: DestinationSchema,
  /**
   * The route's transform (a JSONata expression) when it has one, snapshotted like the destination. When it
   * fails, the worker tries the route's current one, so a delivery redriven after the route is fixed succeeds.
   */
  transform: z.string().optional(),
  event: EventEnvelopeSchema,
  /** Set by the worker on a delivery it re-enqueued after a failure; the router never sets it. */
  retry: RetryStateSchema.optional(),
});

export type DeliveryMessage = z.infer<typeof DeliveryMessageSchema>;

/** `<platform event id>:<route id>`: the one place delivery ids are built. */
export const deliveryId = (eventId: string, routeId: string): string => `${eventId}:${routeId}`;
