import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbDeliveryLog } from '../../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import type { RoutedEventCopy, RoutingRecord } from '../../../../shared/delivery/delivery-log.ts';
import { createDeliveryLogTable } from './tables.ts';

const TABLE = 'tsunagi-local-delivery-log';

const routing = (overrides: Partial<RoutingRecord> = {}): RoutingRecord => ({
  event_id: 'evt_1',
  tenant_id: 'acme',
  provider: 'stripe',
  provider_event_id: 'evt_1Qx',
  event_type: 'charge.succeeded',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  received_at: '2026-11-23T05:59:59.000Z',
  routed_at: '2026-11-23T06:00:00.000Z',
  route_ids: [],
  duplicate_of: null,
  unrouted_reason: 'filtered_out',
  unmatched_routes: [
    {
      route_id: 'big-jpy',
      reason: 'filter',
      detail: 'data.amount does not match [1] (the field is present)',
    },
    { route_id: 'off', reason: 'disabled', detail: null },
  ],
  ...overrides,
});

const COPY: RoutedEventCopy = {
  content_type: 'application/json',
  headers: { 'user-agent': 'Stripe/1.0' },
  body: { encoding: 'utf8', data: '{"id":"evt_1Qx"}' },
};

describe('Class: DynamoDbDeliveryLog — routed events', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let log: DynamoDbDeliveryLog;

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
    await createDeliveryLogTable(client, TABLE);
    log = new DynamoDbDeliveryLog(client, { tableName: TABLE, retentionDays: 14 });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('keeps the unmatched routes and the event copy, and gives the copy back only through getRoutedEvent', async () => {
    // Act
    await log.recordRouting(routing(), COPY);

    // Assess
    expect((await log.getJourney('evt_1')).routing).toEqual(routing());
    expect(await log.getRoutedEvent('evt_1')).toEqual({ routing: routing(), copy: COPY });
  });

  it('answers null for an event it never routed, and no copy for one routed without', async () => {
    await log.recordRouting(routing({ event_id: 'evt_2' }));
    expect(await log.getRoutedEvent('evt_missing')).toBeNull();
    expect(await log.getRoutedEvent('evt_2')).toEqual({
      routing: routing({ event_id: 'evt_2' }),
      copy: null,
    });
  });
});
