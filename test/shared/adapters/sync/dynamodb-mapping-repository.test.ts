import { BatchWriteItemCommand, type DynamoDBClient, QueryCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbBatchWriter, WriteCounter } from '../../../../shared/adapters/sync/dynamodb-batch-writer.ts';
import { DynamoDbMappingRepository } from '../../../../shared/adapters/sync/dynamodb-mapping-repository.ts';
import {
  type ExternalUser,
  type MappingContext,
  planUserSync,
} from '../../../../shared/sync/engine/index.ts';
import { withPrevious } from '../../../../shared/sync/usecases/index.ts';
import { startSyncDynamo } from './sync-tables.ts';

const context = { tenant_id: 'acme', system_type: 'SLACK' } as const;

const usersOf = (count: number, rename = ''): ExternalUser[] =>
  Array.from({ length: count }, (_, i) => ({
    external_id: `U${String(i).padStart(5, '0')}`,
    username: `user${i}`,
    display_name: `User ${i}${rename}`,
    email: `user${i}@acme.example.com`,
    is_bot: false,
    is_deleted: false,
    is_suspended: false,
  }));

/** A client that answers the first BatchWriteItem as throttled DynamoDB does: part written, the rest unprocessed. */
const throttlingOnce = (client: DynamoDBClient): DynamoDBClient => {
  let throttled = false;
  return new Proxy(client, {
    get(target, property) {
      if (property !== 'send') return Reflect.get(target, property);
      return async (command: unknown) => {
        if (!throttled && command instanceof BatchWriteItemCommand) {
          throttled = true;
          const [[table, requests]] = Object.entries(command.input.RequestItems ?? {}) as [
            [string, unknown[]],
          ];
          await target.send(
            new BatchWriteItemCommand({ RequestItems: { [table]: requests.slice(0, 10) as never } }),
          );
          return { UnprocessedItems: { [table]: requests.slice(10) } };
        }
        return target.send(command as never);
      };
    },
  });
};

describe('Class: DynamoDbMappingRepository', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let table: string;

  beforeAll(async () => {
    ({
      dynamo,
      client,
      tables: { data: table },
    } = await startSyncDynamo());
  });

  afterAll(async () => {
    client?.destroy();
    await dynamo?.stop();
  });

  const repositoryWith = (counter: WriteCounter, send: DynamoDBClient = client) =>
    new DynamoDbMappingRepository(client, {
      tableName: table,
      writer: new DynamoDbBatchWriter(send, { tableName: table, counter, sleep: async () => {} }),
    });

  const sync = async (
    repository: DynamoDbMappingRepository,
    users: ExternalUser[],
    tenant: MappingContext = context,
  ) => {
    const stored = await repository.listUsers(tenant);
    const plan = planUserSync({
      context: tenant,
      stored: stored.map((s) => s.mapping),
      fetched: { records: users, failures: [], complete: true },
      now: new Date('2026-11-23T06:00:00Z'),
      directory: new Map([['user1@acme.example.com', 'internal-1']]),
    });
    return repository.writeUsers(tenant, withPrevious(plan.plan, stored));
  };

  it('writes 1,000 new mappings in requests of 25 items and reads them back in the framework shape', async () => {
    // Prepare
    const counter = new WriteCounter();

    // Act
    const report = await sync(repositoryWith(counter), usersOf(1_000));

    // Assess
    expect(report).toEqual({ written: 1_000, failures: [] });
    expect(counter.requests).toBe(40);
    expect(counter.itemsPerRequest()).toBeGreaterThanOrEqual(20);
    const stored = await repositoryWith(new WriteCounter()).listUsers(context);
    expect(stored).toHaveLength(1_000);
    const { Items = [] } = await client.send(
      new QueryCommand({
        TableName: table,
        KeyConditionExpression: 'pk = :pk AND sk = :sk',
        ExpressionAttributeValues: { ':pk': { S: 'SYNC#acme' }, ':sk': { S: 'USER#SLACK#U00001' } },
      }),
    );
    expect(Items[0]).toMatchObject({
      id: { S: 'SYNC#acme#USER#SLACK#U00001' },
      code: { S: 'acme#SLACK#U00001' },
      name: { S: 'User 1' },
      version: { N: '1' },
      tenantCode: { S: 'acme' },
      type: { S: 'USER_MAPPING' },
      isDeleted: { BOOL: false },
      createdBy: { S: 'tsunagi-sync' },
    });
    expect(stored.find((s) => s.mapping.external_id === 'U00001')?.mapping.internal_user_id).toBe(
      'internal-1',
    );
  });

  it('writes nothing when the same users are synced again', async () => {
    // Prepare
    const counter = new WriteCounter();

    // Act
    const report = await sync(repositoryWith(counter), usersOf(1_000));

    // Assess
    expect(report.written).toBe(0);
    expect(counter.requests).toBe(0);
  });

  it('rewrites only changed mappings, keeping their creation audit and bumping the version', async () => {
    // Prepare
    const counter = new WriteCounter();
    const users = usersOf(1_000);
    users[3] = { ...users[3]!, display_name: 'Renamed' };

    // Act
    await sync(repositoryWith(counter), users);

    // Assess
    expect(counter.items).toBe(1);
    const renamed = (await repositoryWith(counter).listUsers(context)).find(
      (s) => s.mapping.external_id === 'U00003',
    );
    expect(renamed?.meta.version).toBe(2);
    expect(renamed?.meta.created_by).toBe('tsunagi-sync');
  });

  it('retries unprocessed items until every mapping is written', async () => {
    // Prepare
    const counter = new WriteCounter();
    const tenant = { tenant_id: 'throttled', system_type: 'SLACK' } as const;

    // Act
    const report = await sync(repositoryWith(counter, throttlingOnce(client)), usersOf(30), tenant);

    // Assess
    expect(report).toEqual({ written: 30, failures: [] });
    expect(counter.requests).toBe(3);
    expect(await repositoryWith(counter).listUsers(tenant)).toHaveLength(30);
  });

  it('reports items still unprocessed after every retry as failures instead of throwing', async () => {
    // Prepare
    const tenant = { tenant_id: 'stuck', system_type: 'SLACK' } as const;
    const stuck = new Proxy(client, {
      get: (target, property) =>
        property === 'send'
          ? async (command: BatchWriteItemCommand) => ({ UnprocessedItems: command.input.RequestItems })
          : Reflect.get(target, property),
    });
    const repository = new DynamoDbMappingRepository(client, {
      tableName: table,
      writer: new DynamoDbBatchWriter(stuck, { tableName: table, maxAttempts: 3, sleep: async () => {} }),
    });

    // Act
    const report = await sync(repository, usersOf(3), tenant);

    // Assess
    expect(report.written).toBe(0);
    expect(report.failures.map((f) => f.mapping_id)).toEqual([
      'stuck#SLACK#U00000',
      'stuck#SLACK#U00001',
      'stuck#SLACK#U00002',
    ]);
  });
});
