import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyLocalTenants } from '../../infra/local/demo-tenants.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { FileSecretStore } from '../../shared/adapters/kernel/file-secret-store.ts';
import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { freePorts } from '../support/free-ports.ts';

// Local mode keeps an instance's state in its folder: a restart resumes with the tenants an operator applied,
// the dead letters and the secrets; `fresh` begins again from the tenant file alone.
describe('Local mode: state across a restart', () => {
  let dir: string;
  let options: Parameters<typeof startLocal>[0];
  let platform: LocalPlatform | undefined;

  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const tenantIds = async (running: LocalPlatform) => {
    const client = new DynamoDBClient({
      endpoint: running.dynamoEndpoint,
      region: 'ap-northeast-1',
      credentials,
    });
    try {
      const directory = new DynamoDbTenantDirectory(client, {
        tableName: running.tables.tenantData,
        cacheTtlMs: 0,
      });
      return (await directory.listTenants()).map((tenant) => tenant.tenant_id).sort();
    } finally {
      client.destroy();
    }
  };
  const tenantFile = (tenantId: string) =>
    JSON.stringify({
      tenants: [
        {
          tenant_id: tenantId,
          name: tenantId,
          status: 'active',
          routes: [
            {
              route_id: 'out',
              match: { provider: 'generic', event_type: '*' },
              destination: {
                type: 'http',
                url: 'http://127.0.0.1:9/hooks',
                signing_secret_name: `tsunagi/local/${tenantId}/routes/out`,
              },
            },
          ],
        },
      ],
    });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-restart-'));
    await writeFile(join(dir, 'seed-tenants.json'), tenantFile('seed-co'));
    // The receiver's settings name these ports, and a restart must come back on the same ones.
    const [port, sqsPort, objectStorePort] = await freePorts(3);
    options = {
      port,
      sqsPort,
      objectStorePort,
      dynamoPort: 0,
      sesPort: 0,
      fakesPort: 0,
      consumers: false,
      sync: false,
      logLevel: 'SILENT',
      tenantsFile: join(dir, 'seed-tenants.json'),
      stateDir: join(dir, 'instance'),
    };
  });

  afterAll(async () => {
    await platform?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps an applied tenant, a dead letter and a new secret; fresh drops them', async () => {
    // Prepare: a first start, then what a user does with it.
    platform = await startLocal(options);
    expect(platform.state).toMatchObject({ start: 'first', tenantsKept: false });
    await writeFile(join(dir, 'mine.json'), tenantFile('my-shop'));
    await applyLocalTenants({
      path: join(dir, 'mine.json'),
      dynamoEndpoint: platform.dynamoEndpoint,
      region: 'ap-northeast-1',
      secretPrefix: 'tsunagi/local',
    });
    await new FileSecretStore(platform.secretsFile).write(
      'tsunagi/local/my-shop/routes/out',
      '{"x":1}',
      null,
    );
    const sqs = new SQSClient({ endpoint: platform.sqsEndpoint, region: 'ap-northeast-1', credentials });
    await sqs.send(
      new SendMessageCommand({ QueueUrl: platform.queueUrls.deliveryDlq, MessageBody: 'dead-1' }),
    );
    sqs.destroy();
    await platform.stop();

    // Act
    platform = await startLocal(options);
    const resumed = { state: platform.state, tenants: await tenantIds(platform) };
    const secret = await new FileSecretStore(platform.secretsFile).get('tsunagi/local/my-shop/routes/out');
    await platform.stop();
    platform = await startLocal({ ...options, fresh: true });
    const fresh = { state: platform.state, tenants: await tenantIds(platform) };
    const freshSecret = await new FileSecretStore(platform.secretsFile).get(
      'tsunagi/local/my-shop/routes/out',
    );

    // Assess
    expect(resumed.state).toMatchObject({
      start: 'resumed',
      tenantsKept: true,
      restored: { queues: { deliveryDlq: 1 } },
    });
    expect(resumed.tenants).toEqual(['my-shop', 'seed-co']);
    expect(secret).toBe('{"x":1}');
    expect(fresh.state).toMatchObject({ start: 'fresh', tenantsKept: false });
    expect(fresh.tenants).toEqual(['seed-co']);
    expect(freshSecret).toBeNull();
  });
});
