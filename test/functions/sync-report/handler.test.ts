import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalDynamo } from '../../../infra/local/dynamodb/index.ts';
import { type ObjectStore, startObjectStore } from '../../../infra/local/object-store.ts';
import { type LocalSes, readMailbox, startLocalSes } from '../../../infra/local/ses/local-ses.ts';
import { queryPrefix } from '../../../shared/adapters/sync/dynamodb-sync-query.ts';
import { closeSyncCommandService } from '../../../shared/adapters/sync/mbc-cqrs-sync-context.ts';
import type { SyncReportOutput } from '../../../shared/sync/workflow/contract.ts';
import { startSyncDynamo } from '../../shared/adapters/sync/sync-tables.ts';

const outcome = {
  sync_type: 'users',
  status: 'SUCCESS',
  counts: { processed: 3, created: 3, updated: 0, deleted: 0, failed: 0 },
  error_message: null,
  started_at: '2026-11-22T21:00:00.000Z',
  completed_at: '2026-11-22T21:00:01.000Z',
};

describe('Handler: sync-report against dynalite, the local object store and local SES', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let table: string;
  let store: ObjectStore;
  let ses: LocalSes;
  let handler: (event: unknown) => Promise<SyncReportOutput>;

  beforeAll(async () => {
    ({
      dynamo,
      client,
      tables: { data: table },
    } = await startSyncDynamo());
    store = await startObjectStore({ port: 0, buckets: ['tsunagi-local-sync'] });
    ses = await startLocalSes({ port: 0 });
    Object.assign(process.env, {
      STAGE: 'local',
      SYNC_TABLE: table,
      SYNC_BUCKET: 'tsunagi-local-sync',
      EMAIL_FROM: 'sync@tsunagi.example.com',
      REPORT_EMAIL_TO: 'ops@example.com, lead@example.com',
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      AWS_ENDPOINT_URL_S3: store.endpoint,
      AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    });
    ({ handler } = await import('../../../functions/sync-report/handler.ts'));
  });

  afterAll(async () => {
    await closeSyncCommandService();
    await ses?.stop();
    await store?.stop();
    client?.destroy();
    await dynamo?.stop();
  });

  it('stores the report in the bucket and as a run-report item, and mails operators', async () => {
    // Prepare
    const input = {
      run_id: 'run-7',
      started_at: '2026-11-22T21:00:00.000Z',
      dry_run: false,
      results: [
        {
          tenant_id: 'acme',
          system_type: 'SLACK',
          status: 'SUCCESS',
          outcomes: [outcome],
          error_message: null,
        },
        {
          tenant_id: 'beta',
          system_type: 'TEAMS',
          status: 'FAILED',
          outcomes: [],
          error_message: 'token refresh failed',
        },
      ],
    };

    // Act
    const output = await handler(input);

    // Assess
    expect(output).toEqual({
      run_id: 'run-7',
      status: 'PARTIAL',
      tenants: 2,
      failed: 1,
      partial: 0,
      emailed: true,
    });
    expect(store.get('tsunagi-local-sync', 'runs/run-7/report.html')?.body.toString()).toContain(
      'token refresh failed',
    );
    expect(store.get('tsunagi-local-sync', 'runs/run-7/report.txt')).toBeDefined();
    const [item] = await queryPrefix(client, table, 'SYNC_RUN#common', 'REPORT#run-7');
    expect(item).toMatchObject({
      type: 'RUN_REPORT',
      code: 'run-7',
      attributes: { status: 'PARTIAL', location: { bucket: 'tsunagi-local-sync' } },
    });
    const mail = (await readMailbox(ses.mailboxUrl)).find((m) => m.subject.includes('run-7'));
    expect(mail?.destination.to).toEqual(['ops@example.com', 'lead@example.com']);
    expect(mail?.body.html).toContain('<table');
    expect(mail?.body.text).toContain('FAILED  beta');
  });

  it("reads the children's results from the Distributed Map's ResultWriter files in the sync bucket", async () => {
    // Prepare
    const s3 = new S3Client({
      region: process.env.AWS_REGION,
      endpoint: store.endpoint,
      forcePathStyle: true,
    });
    const put = (key: string, body: unknown) =>
      s3.send(new PutObjectCommand({ Bucket: 'tsunagi-local-sync', Key: key, Body: JSON.stringify(body) }));
    const result = {
      tenant_id: 'acme',
      system_type: 'SLACK',
      status: 'SUCCESS',
      outcomes: [outcome],
      error_message: null,
    };
    const item = { tenant_id: 'beta', system_type: 'TEAMS' };
    await put('map-results/run-8/manifest.json', {
      ResultFiles: {
        SUCCEEDED: [{ Key: 'map-results/run-8/SUCCEEDED_0.json', Size: 1 }],
        FAILED: [{ Key: 'map-results/run-8/FAILED_0.json', Size: 1 }],
        PENDING: [],
      },
    });
    await put('map-results/run-8/SUCCEEDED_0.json', [
      { Status: 'SUCCEEDED', Output: JSON.stringify(result) },
    ]);
    await put('map-results/run-8/FAILED_0.json', [
      {
        Status: 'FAILED',
        Input: JSON.stringify({ item }),
        Error: 'States.Timeout',
        Cause: 'child timed out',
      },
    ]);
    s3.destroy();

    // Act
    const output = await handler({
      run_id: 'run-8',
      started_at: '2026-11-22T21:00:00.000Z',
      dry_run: true,
      results: {
        MapRunArn: 'arn:aws:states:ap-northeast-1:123456789012:mapRun:sm/TenantSync:run-8',
        ResultWriterDetails: { Bucket: 'tsunagi-local-sync', Key: 'map-results/run-8/manifest.json' },
      },
    });

    // Assess
    expect(output).toEqual({
      run_id: 'run-8',
      status: 'PARTIAL',
      tenants: 2,
      failed: 1,
      partial: 0,
      emailed: false,
    });
    expect(store.get('tsunagi-local-sync', 'runs/run-8/report.txt')?.body.toString()).toContain(
      'States.Timeout: child timed out',
    );
  });
});
