import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { type ObjectStore, startObjectStore } from '../../../infra/local/object-store.ts';
import { tenantTableNames } from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { tenantItemContent } from '../../../shared/adapters/tenants/tenant-items.ts';
import type { SyncPlanOutput } from '../../../shared/sync/workflow/contract.ts';
import { startSyncDynamo } from '../../shared/adapters/sync/sync-tables.ts';

describe('Handler: sync-plan against dynalite and the local object store', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let store: ObjectStore;
  let handler: (event: unknown) => Promise<SyncPlanOutput>;

  beforeAll(async () => {
    ({ dynamo, client } = await startSyncDynamo());
    store = await startObjectStore({ port: 0, buckets: ['tsunagi-local-sync'] });
    for (const [tenant_id, status] of [
      ['acme', 'active'],
      ['idle', 'suspended'],
    ] as const) {
      const tenant = {
        tenant_id,
        name: tenant_id,
        status,
        routes: [],
        integrations: [
          {
            system: 'SLACK' as const,
            credentials_secret_arn_or_name: `tsunagi/local/${tenant_id}/slack`,
            settings: {},
          },
        ],
      };
      await client.send(
        new PutItemCommand({
          TableName: tenantTableNames('local').data,
          Item: marshall({ ...tenantItemContent(tenant), version: 1 }),
        }),
      );
    }
    Object.assign(process.env, {
      STAGE: 'local',
      TENANT_TABLE: tenantTableNames('local').data,
      SYNC_BUCKET: 'tsunagi-local-sync',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: store.endpoint,
    });
    ({ handler } = await import('../../../functions/sync-plan/handler.ts'));
  });

  afterAll(async () => {
    await store?.stop();
    client?.destroy();
    await dynamo?.stop();
  });

  it('writes the JSONL plan of active tenants for the schedule input { run_id }', async () => {
    // Act
    const output = await handler({ run_id: '2026-11-23T06:00:00+09:00' });

    // Assess
    expect(output).toMatchObject({
      run_id: '2026-11-23T06:00:00+09:00',
      item_count: 1,
      items: { bucket: 'tsunagi-local-sync', key: 'runs/2026-11-23T06%3A00%3A00%2B09%3A00/items.jsonl' },
    });
    const body = store.get('tsunagi-local-sync', output.items.key)?.body.toString('utf8') ?? '';
    expect(
      body
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line).tenant_id),
    ).toEqual(['acme']);
  });

  it('rejects an input outside the contract', async () => {
    await expect(handler({ run_id: 'x', system_type: 'IRC' })).rejects.toThrow();
  });
});
