import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { CommandService } from '@mbc-cqrs-serverless/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../../infra/local/dynamodb/index.ts';
import { parseTenantWriterEnv } from '../../../../shared/adapters/kernel/mbc-cqrs-env.ts';
import { DynamoDbBatchWriter, WriteCounter } from '../../../../shared/adapters/sync/dynamodb-batch-writer.ts';
import { queryPrefix } from '../../../../shared/adapters/sync/dynamodb-sync-query.ts';
import {
  closeSyncCommandService,
  openSyncCommandService,
} from '../../../../shared/adapters/sync/mbc-cqrs-sync-context.ts';
import { MbcCqrsSyncWriter } from '../../../../shared/adapters/sync/mbc-cqrs-sync-writer.ts';
import { syncDataItem } from '../../../../shared/adapters/sync/sync-items.ts';
import { startCountingProxy } from './counting-proxy.ts';
import { frameworkEnvFor, startSyncDynamo } from './sync-tables.ts';

const MAPPINGS = 1_000;

const mappingItem = (i: number, tenant: string) =>
  syncDataItem(
    {
      pk: `SYNC#${tenant}`,
      sk: `USER#SLACK#U${i}`,
      code: `${tenant}#SLACK#U${i}`,
      name: `User ${i}`,
      tenantCode: tenant,
      type: 'USER_MAPPING',
    },
    { mapping_id: `${tenant}#SLACK#U${i}`, external_id: `U${i}`, external_email: `u${i}@example.com` },
    false,
    { previous: null, actor: 'bench', now: new Date().toISOString() },
  );

// Measures the two write paths for the high-volume mappings on dynalite (the numbers go in the report and in
// DynamoDbMappingRepository's comment): BatchWriteItem vs CommandService.publishSync per item.
describe('Measurement: mapping write path, BatchWriteItem vs publishSync', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let proxy: Awaited<ReturnType<typeof startCountingProxy>>;
  let table: string;
  let command: CommandService;

  beforeAll(async () => {
    ({
      dynamo,
      client,
      tables: { data: table },
    } = await startSyncDynamo());
    proxy = await startCountingProxy(dynamo.endpoint);
    command = await openSyncCommandService(
      parseTenantWriterEnv({ ...frameworkEnvFor(dynamo), DYNAMODB_ENDPOINT: proxy.endpoint }),
    );
  });

  afterAll(async () => {
    await closeSyncCommandService();
    client?.destroy();
    await proxy?.stop();
    await dynamo?.stop();
  });

  it('writes 1,000 mappings with far fewer requests and less time through BatchWriteItem', async () => {
    // Prepare
    const proxied = new DynamoDBClient({ endpoint: proxy.endpoint, region: 'ap-northeast-1' });
    const writer = new DynamoDbBatchWriter(proxied, { tableName: table, counter: new WriteCounter() });
    const batchItems = Array.from({ length: MAPPINGS }, (_, i) => mappingItem(i, 'batch'));
    const publishItems = Array.from({ length: MAPPINGS }, (_, i) => mappingItem(i, 'publish'));

    // Act
    proxy.reset();
    let started = performance.now();
    await writer.putAll(batchItems);
    const batch = { ms: performance.now() - started, requests: proxy.total() };
    proxy.reset();
    started = performance.now();
    for (const {
      createdAt,
      createdBy,
      createdIp,
      updatedAt,
      updatedBy,
      updatedIp,
      ...item
    } of publishItems) {
      await command.publishSync(
        { ...item, version: -1 },
        { source: 'bench', invokeContext: { event: {}, context: {} } as never },
      );
    }
    const publish = {
      ms: performance.now() - started,
      requests: proxy.total(),
      byOp: Object.fromEntries(proxy.counts),
    };
    proxied.destroy();

    // Assess
    console.info(
      `write path, ${MAPPINGS} mappings on dynalite: BatchWriteItem ${batch.requests} requests in ${batch.ms.toFixed(0)} ms; publishSync ${publish.requests} requests ${JSON.stringify(publish.byOp)} in ${publish.ms.toFixed(0)} ms`,
    );
    expect(batch.requests).toBe(40);
    expect(publish.requests).toBeGreaterThanOrEqual(3 * MAPPINGS);
    expect(batch.ms).toBeLessThan(publish.ms);
    expect(await queryPrefix(client, table, 'SYNC#publish', 'USER#')).toHaveLength(MAPPINGS);
  }, 120_000);

  it('writes history rows through publishSync, one item per row, overwritten by a retry', async () => {
    // Prepare
    const history = new MbcCqrsSyncWriter(async () => command);
    const row = {
      sync_id: 'run-1#acme#SLACK#users',
      tenant_id: 'acme',
      system_type: 'SLACK',
      sync_type: 'users',
      started_at: '2026-11-23T06:00:00.000Z',
      completed_at: '2026-11-23T06:00:05.000Z',
      status: 'SUCCESS',
      processed_count: 3,
      created_count: 3,
      updated_count: 0,
      deleted_count: 0,
      error_message: null,
    } as const;

    // Act
    await history.writeHistory([row]);
    await history.writeHistory([row]);

    // Assess
    const items = await queryPrefix(client, table, 'SYNC#acme', 'HISTORY#');
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      code: row.sync_id,
      tenantCode: 'acme',
      type: 'SYNC_HISTORY',
      version: 2,
      attributes: row,
    });
  });
});
