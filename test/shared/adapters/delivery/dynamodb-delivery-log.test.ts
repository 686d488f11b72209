import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbDeliveryLog } from '../../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import type { DeliveryRecord, RoutingRecord } from '../../../../shared/delivery/delivery-log.ts';
import { createDeliveryLogTable } from './tables.ts';

const TABLE = 'tsunagi-local-delivery-log';
const NOW = new Date('2026-11-23T06:00:00.000Z');
const NOW_SECONDS = NOW.getTime() / 1000;

const routing = (overrides: Partial<RoutingRecord> = {}): RoutingRecord => ({
  event_id: 'evt_1',
  tenant_id: 'acme',
  provider: 'stripe',
  provider_event_id: null,
  event_type: null,
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  received_at: '2026-11-23T05:59:59.000Z',
  routed_at: '2026-11-23T06:00:00.000Z',
  route_ids: ['payments-to-backend', 'all-stripe-by-mail'],
  duplicate_of: null,
  ...overrides,
});

const delivery = (overrides: Partial<DeliveryRecord> = {}): DeliveryRecord => ({
  event_id: 'evt_1',
  route_id: 'payments-to-backend',
  tenant_id: 'acme',
  destination_type: 'http',
  status: 'retrying',
  attempts: 2,
  receive_count: 1,
  latencies_ms: [120, 95],
  last_status: 503,
  last_error: {
    code: 'server_error',
    message: 'destination answered HTTP 503',
    attempts: 2,
    last_status: 503,
    failed_at: '2026-11-23T06:00:02.000Z',
  },
  updated_at: '2026-11-23T06:00:02.000Z',
  ...overrides,
});

describe('Class: DynamoDbDeliveryLog', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let log: DynamoDbDeliveryLog;

  const rawItem = async (sk: string) => {
    const { Item } = await client.send(
      new GetItemCommand({ TableName: TABLE, Key: { pk: { S: 'EVENT#evt_1' }, sk: { S: sk } } }),
    );
    return Item ? unmarshall(Item) : undefined;
  };

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
    await createDeliveryLogTable(client, TABLE);
    log = new DynamoDbDeliveryLog(client, { tableName: TABLE, retentionDays: 14, now: () => NOW });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('writes the routing record under the event with its TTL and reads it back unchanged', async () => {
    // Act
    await log.recordRouting(routing());

    // Assess
    expect(await rawItem('ROUTING')).toMatchObject({
      pk: 'EVENT#evt_1',
      tenant_id: 'acme',
      expires_at: NOW_SECONDS + 14 * 86_400,
    });
    expect((await log.getJourney('evt_1')).routing).toEqual(routing());
  });

  it('keeps an empty route list and a duplicate_of for an unrouted duplicate', async () => {
    // Prepare
    const record = routing({
      event_id: 'evt_2',
      route_ids: [],
      duplicate_of: 'evt_1',
      provider_event_id: 'pe_1',
    });

    // Act
    await log.recordRouting(record);

    // Assess
    expect((await log.getJourney('evt_2')).routing).toEqual(record);
  });

  it('creates a delivery record on the first write', async () => {
    // Act
    await log.recordDelivery(delivery());

    // Assess
    const journey = await log.getJourney('evt_1');
    expect(journey.deliveries).toEqual([delivery()]);
    expect(await rawItem('DELIVERY#payments-to-backend')).toHaveProperty(
      'expires_at',
      NOW_SECONDS + 14 * 86_400,
    );
  });

  it('adds attempts and appends latencies across receives, and replaces everything else', async () => {
    // Prepare
    const second = delivery({
      status: 'delivered',
      attempts: 1,
      receive_count: 2,
      latencies_ms: [80],
      last_status: 200,
      last_error: null,
      updated_at: '2026-11-23T06:00:40.000Z',
      via: 'http',
    });

    // Act
    await log.recordDelivery(second);

    // Assess
    const [stored] = (await log.getJourney('evt_1')).deliveries;
    expect(stored).toEqual({ ...second, attempts: 3, latencies_ms: [120, 95, 80] });
  });

  it('returns the whole journey from one Query: routing plus every delivery', async () => {
    // Prepare
    await log.recordDelivery(
      delivery({ route_id: 'all-stripe-by-mail', destination_type: 'email', status: 'pending' }),
    );
    const send = vi.spyOn(client, 'send');

    // Act
    const journey = await log.getJourney('evt_1');

    // Assess
    expect(journey.routing?.route_ids).toEqual(['payments-to-backend', 'all-stripe-by-mail']);
    expect(journey.deliveries.map((d) => [d.route_id, d.status])).toEqual([
      ['all-stripe-by-mail', 'pending'],
      ['payments-to-backend', 'delivered'],
    ]);
    expect(send).toHaveBeenCalledTimes(1);
    expect(send.mock.calls[0]![0]).toBeInstanceOf(QueryCommand);
    send.mockRestore();
  });

  it('answers an empty journey for an event it never saw', async () => {
    expect(await log.getJourney('evt_unknown')).toEqual({ routing: null, deliveries: [] });
  });

  it('appends each receive to the attempt log, and a delivery’s first message starts it anew', async () => {
    // Prepare
    const attempt = (at: string, status: number) => ({ at, status, latency_ms: 10, error: null, body: 'ok' });
    const eventId = 'evt_attempt_log';
    const first = delivery({
      event_id: eventId,
      attempt_log: [attempt('2026-11-23T06:00:00.000Z', 503)],
      attempt_log_restart: true,
    });

    // Act
    await log.recordDelivery(first);
    await log.recordDelivery(
      delivery({ event_id: eventId, attempt_log: [attempt('2026-11-23T06:00:05.000Z', 200)] }),
    );
    const appended = (await log.getJourney(eventId)).deliveries[0];
    await log.recordDelivery(
      delivery({
        event_id: eventId,
        attempt_log: [attempt('2026-11-24T06:00:00.000Z', 200)],
        attempt_log_restart: true,
      }),
    );
    const restarted = (await log.getJourney(eventId)).deliveries[0];

    // Assess
    expect(appended?.attempt_log?.map((a) => a.at)).toEqual([
      '2026-11-23T06:00:00.000Z',
      '2026-11-23T06:00:05.000Z',
    ]);
    expect(restarted?.attempt_log?.map((a) => a.at)).toEqual(['2026-11-24T06:00:00.000Z']);
    expect(restarted).not.toHaveProperty('attempt_log_restart');
  });
});
