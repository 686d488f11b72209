import type { DeliveryRecord, RoutedEventCopy, RoutingRecord } from '../../delivery/delivery-log.ts';

/*
 * Item design (see DELIVERY_LOG_KEYS in shared/delivery/config-names.ts): one partition per event, so an
 * event's whole journey is one Query.
 *   routing   pk EVENT#<event id>  sk ROUTING              the RoutingRecord's fields
 *   delivery  pk EVENT#<event id>  sk DELIVERY#<route id>  the DeliveryRecord's fields (attempts, latencies summed)
 * Every item carries tenant_id and the TTL attribute expires_at (epoch seconds).
 */

/** The sort key of an event's routing record. */
export const ROUTING_SK = 'ROUTING';
const DELIVERY_SK_PREFIX = 'DELIVERY#';

/** The partition key of an event's log items. */
export const eventPk = (eventId: string): string => `EVENT#${eventId}`;
/** The sort key of one delivery (event × route). */
export const deliverySk = (routeId: string): string => `${DELIVERY_SK_PREFIX}${routeId}`;
/** True for the sort key of a delivery item. */
export const isDeliverySk = (sk: string): boolean => sk.startsWith(DELIVERY_SK_PREFIX);

/** When an item written now should expire: `retentionDays` from now, in epoch seconds (DynamoDB TTL). */
export const expiresAt = (now: Date, retentionDays: number): number =>
  Math.floor(now.getTime() / 1000) + retentionDays * 86_400;

type Item = Record<string, unknown>;

const withoutKeys = ({ pk: _pk, sk: _sk, expires_at: _ttl, event_copy: _copy, ...rest }: Item): Item => rest;

const nullable = <T>(value: unknown): T | null => (value === undefined ? null : (value as T));

/** A routing record as read back; lists and nulls are restored to the record's shape. */
export const toRoutingRecord = (item: Item): RoutingRecord => {
  const rest = withoutKeys(item);
  return {
    ...(rest as unknown as RoutingRecord),
    provider_event_id: nullable(rest.provider_event_id),
    event_type: nullable(rest.event_type),
    route_ids: Array.isArray(rest.route_ids) ? rest.route_ids.map(String) : [],
    duplicate_of: nullable(rest.duplicate_of),
  };
};

const isRecord = (value: unknown): value is Item =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The event copy kept in a routing item, or null when there is none (or it is not one). */
export const toRoutedEventCopy = (value: unknown): RoutedEventCopy | null => {
  if (!isRecord(value) || !isRecord(value.body) || !isRecord(value.headers)) return null;
  const { encoding, data } = value.body;
  if ((encoding !== 'utf8' && encoding !== 'base64') || typeof data !== 'string') return null;
  const headers = Object.fromEntries(
    Object.entries(value.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const contentType = typeof value.content_type === 'string' ? value.content_type : null;
  return { content_type: contentType, headers, body: { encoding, data } };
};

/** A delivery record as read back; DynamoDB numbers come back as numbers through unmarshall. */
export const toDeliveryRecord = (item: Item): DeliveryRecord => {
  const rest = withoutKeys(item);
  return {
    ...(rest as unknown as DeliveryRecord),
    attempts: Number(rest.attempts ?? 0),
    receive_count: Number(rest.receive_count ?? 0),
    latencies_ms: Array.isArray(rest.latencies_ms) ? rest.latencies_ms.map(Number) : [],
    last_status: nullable(rest.last_status),
    last_error: nullable(rest.last_error),
  };
};
