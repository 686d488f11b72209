import { BatchWriteItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { deliverySk, eventPk, ROUTING_SK } from '../../shared/adapters/delivery/delivery-log-items.ts';

/**
 * `count` events in the delivery log, as the router and the worker write them (a routing record and one
 * delivery each), spread over the last 24 h and over `tenants`; one in ten failed. Written in batches.
 */
export const seedEvents = async (
  dynamo: DynamoDBClient,
  tableName: string,
  options: { count: number; tenants: readonly string[]; now: number; prefix?: string },
): Promise<void> => {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < options.count; i++) {
    const tenant = options.tenants[i % options.tenants.length]!;
    const eventId = `evt_${options.prefix ?? 'bench'}_${String(i).padStart(6, '0')}`;
    const at = new Date(options.now - Math.floor((i / options.count) * 86_000_000)).toISOString();
    const failed = i % 10 === 0;
    items.push({
      pk: eventPk(eventId),
      sk: ROUTING_SK,
      event_id: eventId,
      tenant_id: tenant,
      provider: i % 3 === 0 ? 'stripe' : 'generic',
      provider_event_id: `pe_${i}`,
      event_type: 'order.created',
      trace_id: `t${i}`,
      received_at: at,
      routed_at: at,
      route_ids: ['bench'],
      duplicate_of: null,
    });
    items.push({
      pk: eventPk(eventId),
      sk: deliverySk('bench'),
      event_id: eventId,
      route_id: 'bench',
      tenant_id: tenant,
      destination_type: 'http',
      status: failed ? 'dead_lettered' : 'delivered',
      attempts: failed ? 11 : 1,
      receive_count: 1,
      latencies_ms: [20 + (i % 200)],
      last_status: failed ? 503 : 200,
      last_error: null,
      updated_at: at,
    });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  const worker = async () => {
    for (let batch = batches.shift(); batch; batch = batches.shift()) {
      let unprocessed = batch.map((item) => ({ PutRequest: { Item: marshall(item) } }));
      while (unprocessed.length > 0) {
        const answer = await dynamo.send(
          new BatchWriteItemCommand({ RequestItems: { [tableName]: unprocessed } }),
        );
        unprocessed = (answer.UnprocessedItems?.[tableName] ?? []) as typeof unprocessed;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
};
