import { DELIVERY_MESSAGE_VERSION, type DeliveryMessage, deliveryId } from '../delivery/delivery-message.ts';
import type { Route } from '../tenants/tenant-file.ts';
import type { EventEnvelope } from '../webhooks/envelope.ts';

/**
 * One delivery message per route, in the routes' order. The destination is copied now (a snapshot), so a
 * route edited while its deliveries are retried does not redirect them.
 */
export const buildDeliveryMessages = (envelope: EventEnvelope, routes: readonly Route[]): DeliveryMessage[] =>
  routes.map((route) => ({
    version: DELIVERY_MESSAGE_VERSION,
    delivery_id: deliveryId(envelope.event_id, route.route_id),
    route_id: route.route_id,
    destination: route.destination,
    ...(route.transform === undefined ? {} : { transform: route.transform }),
    event: envelope,
  }));

/**
 * The identity of a provider event: tenant, provider and the provider's own event id. A provider redelivery
 * arrives as a new request (new platform event id, new SQS message) with the same provider event id, so that id,
 * not the platform's, is what makes two events the same. Without one only the platform event id is left, which
 * still collapses SQS redeliveries of one message. The tags keep the two kinds of id from ever colliding.
 */
export const dedupeKey = (envelope: EventEnvelope): string =>
  envelope.provider_event_id
    ? `${envelope.tenant_id}#${envelope.provider}#provider:${envelope.provider_event_id}`
    : `${envelope.tenant_id}#${envelope.provider}#platform:${envelope.event_id}`;
