import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeliveryTables } from '../../../infra/local/delivery-tables.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { DynamoDbDeliveryLog } from '../../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { deliveryResourceNames } from '../../../shared/delivery/config-names.ts';
import { EventJourneyOutputSchema } from '../../../shared/ops/event-journey.ts';
import { runOps } from './run-ops.ts';

const EVENT_ID = 'evt_0193f2a0-1c2d-7abc-8def-0123456789ab';

describe('CLI: ops events show', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  const local = () => ['--local', '--dynamodb-endpoint', dynamo.endpoint];

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureDeliveryTables(client, 'local');
    // Written through the adapter the router and worker use, so the command reads what they write.
    const log = new DynamoDbDeliveryLog(client, {
      tableName: deliveryResourceNames('local').deliveryLogTable,
      retentionDays: 1,
    });
    await log.recordRouting({
      event_id: EVENT_ID,
      tenant_id: 'acme',
      provider: 'stripe',
      provider_event_id: 'evt_1NG8Du2eZvKYlo2C',
      event_type: 'payment_intent.succeeded',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      received_at: '2026-01-05T03:00:00.000Z',
      routed_at: '2026-01-05T03:00:00.042Z',
      route_ids: ['payments-to-backend', 'orders-rejected', 'erp-sync'],
      duplicate_of: null,
    });
    const base = {
      event_id: EVENT_ID,
      tenant_id: 'acme',
      destination_type: 'http' as const,
      updated_at: '2026-01-05T03:00:03.000Z',
    };
    await log.recordDelivery({
      ...base,
      route_id: 'payments-to-backend',
      status: 'delivered',
      attempts: 3,
      receive_count: 1,
      latencies_ms: [12, 9, 11],
      last_status: 200,
      last_error: null,
    });
    await log.recordDelivery({
      ...base,
      route_id: 'orders-rejected',
      status: 'failed_permanent',
      attempts: 1,
      receive_count: 1,
      latencies_ms: [7],
      last_status: 400,
      last_error: {
        code: 'client_error',
        message: 'destination answered HTTP 400',
        attempts: 1,
        last_status: 400,
        failed_at: '2026-01-05T03:00:01.000Z',
      },
    });
    await log.recordDelivery({
      ...base,
      route_id: 'erp-sync',
      status: 'retrying',
      attempts: 4,
      receive_count: 2,
      latencies_ms: [30, 31, 29, 30],
      last_status: 503,
      last_error: {
        code: 'server_error',
        message: 'destination answered HTTP 503',
        attempts: 4,
        last_status: 503,
        failed_at: '2026-01-05T03:05:00.000Z',
      },
      next_attempt: 4,
      next_attempt_at: '2026-01-05T03:35:00.000Z',
    });
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  it('prints the journey as JSON that matches its schema', async () => {
    // Act
    const result = await runOps(['events', 'show', EVENT_ID, ...local(), '--json']);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    const output = EventJourneyOutputSchema.parse(JSON.parse(result.stdout));
    expect(output.routing?.route_ids).toEqual(['payments-to-backend', 'orders-rejected', 'erp-sync']);
    expect(output.deliveries).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ route_id: 'payments-to-backend', status: 'delivered', attempts: 3 }),
        expect.objectContaining({
          route_id: 'orders-rejected',
          status: 'failed_permanent',
          last_status: 400,
        }),
        expect.objectContaining({
          route_id: 'erp-sync',
          status: 'retrying',
          next_attempt: 4,
          next_attempt_at: '2026-01-05T03:35:00.000Z',
        }),
      ]),
    );
  });

  it('prints receipt, routing and each delivery for a person', async () => {
    const result = await runOps(['events', 'show', EVENT_ID, ...local()]);

    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain(`event ${EVENT_ID}: stripe payment_intent.succeeded for tenant acme`);
    expect(result.stdout).toContain('(+42 ms) → payments-to-backend, orders-rejected, erp-sync');
    expect(result.stdout).toContain('delivery payments-to-backend (http): DELIVERED');
    expect(result.stdout).toContain('attempts 3 over 1 receive(s); latencies 12, 9, 11 ms; last status 200');
    expect(result.stdout).toContain('last error: client_error: destination answered HTTP 400');
    expect(result.stdout).toContain('next attempt 4 due 2026-01-05T03:35:00.000Z (on the retry schedule)');
  });

  it('exits 1 for an event the log does not know, and 2 without an event id', async () => {
    const [unknown, missing, help] = await Promise.all([
      runOps(['events', 'show', 'evt_nope', ...local()]),
      runOps(['events', 'show', ...local()]),
      runOps(['events', 'show', '--help']),
    ]);

    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain('nothing in the delivery log');
    expect(missing.status).toBe(2);
    expect(help.stdout).toContain('Usage: npm run ops -- events show <event id>');
  });
});
