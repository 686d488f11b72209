import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeliveryTables } from '../../../../infra/local/delivery-tables.ts';
import { type LocalDynamo, startLocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbEndpoints } from '../../../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { deliveryResourceNames } from '../../../../shared/delivery/config-names.ts';
import {
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
} from '../../../../shared/delivery/health/endpoint-health.ts';

const TABLE = deliveryResourceNames('local').endpointsTable;
const NOW = Date.parse('2026-12-07T00:00:00.000Z');
const fail = (at: number) => ({ ok: false as const, at, error: 'server_error: 503', gone: false });

describe('Class: DynamoDbEndpoints (health updates)', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  const commands: string[] = [];

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
    client.middlewareStack.add(
      (next, context) => async (args) => {
        commands.push(String(context.commandName));
        return next(args);
      },
      { step: 'initialize' },
    );
    await ensureDeliveryTables(client, 'local');
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('updates a record it wrote itself with a conditional put alone, no read first', async () => {
    // Prepare
    const store = new DynamoDbEndpoints(client, { tableName: TABLE, now: () => NOW });
    const ref = { tenantId: 'acme', routeId: 'orders' };
    await store.update(ref, (current) => applyOutcomes(current, [fail(NOW)], DEFAULT_HEALTH_POLICY));
    commands.length = 0;

    // Act
    await store.update(ref, (current) => applyOutcomes(current, [fail(NOW + 1)], DEFAULT_HEALTH_POLICY));

    // Assess
    expect(commands).toEqual(['PutItemCommand']);
    expect(await store.get(ref)).toMatchObject({ consecutive_failures: 2 });
  });

  it('loses nothing when another writer changed the record meanwhile: it reads and applies on top', async () => {
    // Prepare
    const mine = new DynamoDbEndpoints(client, { tableName: TABLE, now: () => NOW });
    const theirs = new DynamoDbEndpoints(client, { tableName: TABLE, now: () => NOW });
    const ref = { tenantId: 'acme', routeId: 'payments' };
    await mine.update(ref, (current) => applyOutcomes(current, [fail(NOW)], DEFAULT_HEALTH_POLICY));
    await theirs.update(ref, (current) => disableEndpoint(current, NOW + 1));

    // Act
    const change = await mine.update(ref, (current) =>
      applyOutcomes(current, [fail(NOW + 2)], DEFAULT_HEALTH_POLICY),
    );

    // Assess: the operator’s disable stands (outcomes never move a manual disable), not overwritten.
    expect(change.health).toMatchObject({
      status: 'disabled',
      disabled_reason: 'manual',
      consecutive_failures: 1,
    });
    expect(await theirs.get(ref)).toMatchObject({ status: 'disabled', disabled_reason: 'manual' });
  });
});
