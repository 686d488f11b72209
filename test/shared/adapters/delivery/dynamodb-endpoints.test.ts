import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeliveryTables } from '../../../../infra/local/delivery-tables.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbEndpoints } from '../../../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { deliveryResourceNames, HELD_RETENTION_DAYS } from '../../../../shared/delivery/config-names.ts';
import {
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
} from '../../../../shared/delivery/health/endpoint-health.ts';
import type { HeldDelivery } from '../../../../shared/delivery/health/ports.ts';

const TABLE = deliveryResourceNames('local').endpointsTable;
const NOW = Date.parse('2026-11-23T06:00:00.000Z');

const held = (n: number, receivedAt: string): HeldDelivery => ({
  delivery_id: `evt_${n}:orders`,
  event_id: `evt_${n}`,
  received_at: receivedAt,
  held_at: '2026-11-23T06:00:00.000Z',
  body: JSON.stringify({ delivery_id: `evt_${n}:orders` }),
  attributes: { tenant_id: 'acme' },
});

const fail = (at: number) => ({ ok: false as const, at, error: 'HTTP 503', gone: false });

describe('Class: DynamoDbEndpoints', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let endpoints: DynamoDbEndpoints;

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
    await ensureDeliveryTables(client);
    endpoints = new DynamoDbEndpoints(client, { tableName: TABLE, now: () => NOW });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('creates a health record on the first update and reads it back', async () => {
    // Arrange
    const ref = { tenantId: 'acme', routeId: 'orders' };

    // Act
    const change = await endpoints.update(ref, (h) => applyOutcomes(h, [fail(NOW)], DEFAULT_HEALTH_POLICY));

    // Assert
    expect(change.health.consecutive_failures).toBe(1);
    expect(await endpoints.get(ref)).toEqual(change.health);
    expect(await endpoints.get({ tenantId: 'acme', routeId: 'unknown' })).toBeNull();
  });

  it('applies concurrent updates of one record one after the other, losing none', async () => {
    // Arrange
    const ref = { tenantId: 'acme', routeId: 'race' };

    // Act
    await Promise.all(
      [1, 2, 3].map((n) =>
        endpoints.update(ref, (h) => applyOutcomes(h, [fail(NOW + n)], DEFAULT_HEALTH_POLICY)),
      ),
    );

    // Assert
    const health = await endpoints.get(ref);
    expect(health?.consecutive_failures).toBe(3);
    expect(health?.status).toBe('failing');
  });

  it('lists health records by tenant and by status, in tenant and route order', async () => {
    // Arrange
    await endpoints.update({ tenantId: 'globex', routeId: 'crm' }, (h) => disableEndpoint(h, NOW));
    await endpoints.update({ tenantId: 'acme', routeId: 'billing' }, (h) => disableEndpoint(h, NOW));

    // Act
    const acme = await endpoints.list({ tenantId: 'acme' });
    const disabled = await endpoints.list({ status: 'disabled' });
    const acmeFailing = await endpoints.list({ tenantId: 'acme', status: 'failing' });

    // Assert
    expect(acme.map((h) => h.route_id)).toEqual(['billing', 'orders', 'race']);
    expect(disabled.map((h) => `${h.tenant_id}/${h.route_id}`)).toEqual(['acme/billing', 'globex/crm']);
    expect(acmeFailing.map((h) => h.route_id)).toEqual(['race']);
  });

  it('keeps held deliveries in order of receipt, one copy each, with their retention', async () => {
    // Arrange
    const ref = { tenantId: 'acme', routeId: 'orders' };
    await endpoints.hold(ref, held(3, '2026-11-23T05:00:03.000Z'));
    await endpoints.hold(ref, held(1, '2026-11-23T05:00:01.000Z'));
    await endpoints.hold(ref, held(2, '2026-11-23T05:00:02.000Z'));
    await endpoints.hold(ref, held(2, '2026-11-23T05:00:02.000Z'));

    // Act
    const all = await endpoints.oldest(ref, 10);
    const since = await endpoints.oldest(ref, 10, '2026-11-23T05:00:02.000Z');
    const first = await endpoints.oldest(ref, 1);

    // Assert
    expect(all.map((h) => h.event_id)).toEqual(['evt_1', 'evt_2', 'evt_3']);
    expect(all[0]).toEqual(held(1, '2026-11-23T05:00:01.000Z'));
    expect(since.map((h) => h.event_id)).toEqual(['evt_2', 'evt_3']);
    expect(first.map((h) => h.event_id)).toEqual(['evt_1']);
    const { Item } = await client.send(
      new GetItemCommand({
        TableName: TABLE,
        Key: { pk: { S: 'ENDPOINT#acme/orders' }, sk: { S: 'HELD#2026-11-23T05:00:01.000Z#evt_1:orders' } },
      }),
    );
    expect(unmarshall(Item!).expires_at).toBe(NOW / 1000 + HELD_RETENTION_DAYS * 86_400);
  });

  it('counts held deliveries, all or from a receipt time on, and forgets a released one', async () => {
    // Arrange
    const ref = { tenantId: 'acme', routeId: 'orders' };

    // Act
    const before = await endpoints.count(ref);
    const sinceSecond = await endpoints.count(ref, '2026-11-23T05:00:02.000Z');
    await endpoints.release(ref, held(1, '2026-11-23T05:00:01.000Z'));

    // Assert
    expect(before).toBe(3);
    expect(sinceSecond).toBe(2);
    expect(await endpoints.count(ref)).toBe(2);
    expect(await endpoints.count({ tenantId: 'acme', routeId: 'billing' })).toBe(0);
    // The health record shares the partition, and is neither held nor counted.
    expect((await endpoints.oldest(ref, 10)).map((h) => h.event_id)).toEqual(['evt_2', 'evt_3']);
  });
});
