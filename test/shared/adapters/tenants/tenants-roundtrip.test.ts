import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../../infra/local/dynamodb/index.ts';
import { applyTenantFile, renderApplyResult } from '../../../../shared/adapters/tenants/apply-tenant-file.ts';
import { DynamoDbTenantDirectory } from '../../../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { MbcCqrsTenantWriter } from '../../../../shared/adapters/tenants/mbc-cqrs-tenant-writer.ts';
import { TenantApplyConflictError, TenantFileValidationError } from '../../../../shared/tenants/errors.ts';
import { parseTenantFile } from '../../../../shared/tenants/validate-tenant-file.ts';
import { type RawTenantFile, validTenantFile } from '../../tenants/tenant-file-fixture.ts';

// One dynalite and one framework context for the whole file: creating the Nest context is the slow part.
describe('Integration: tenant master data through @mbc-cqrs-serverless/core and back', () => {
  const tables = localTableNames('local');
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let writer: MbcCqrsTenantWriter;
  let dir: string;
  let fileCount = 0;
  // The tests tell one story: each edits the declared state left by the one before, as an operator would.
  const declared = validTenantFile();

  const scan = async (tableName = tables.tenantData) => {
    const { Items = [] } = await client.send(new ScanCommand({ TableName: tableName }));
    const items = Items.map((item) => unmarshall(item));
    return new Map(items.map((item) => [`${item.pk} ${item.sk}`, item]));
  };
  const versions = async () =>
    new Map([...(await scan())].map(([key, item]) => [key, item.version as number]));
  const fileWith = async (change: (file: RawTenantFile) => void = () => {}) => {
    const file = structuredClone(declared);
    change(file);
    const path = join(dir, `tenants-${++fileCount}.json`);
    await writeFile(path, JSON.stringify(file, null, 2));
    return path;
  };
  const declare = (change: (file: RawTenantFile) => void) => {
    change(declared);
    return fileWith();
  };
  const apply = async (path: string, dryRun = false) => applyTenantFile(path, { dryRun, writer });
  // A directory that never caches, so each assertion sees the table as it is now.
  const read = () => new DynamoDbTenantDirectory(client, { tableName: tables.tenantData, cacheTtlMs: 0 });

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-tenants-'));
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
    await ensureTables(client, 'local');
    writer = await MbcCqrsTenantWriter.start(
      {
        NODE_ENV: 'local',
        APP_NAME: 'tsunagi',
        DYNAMODB_ENDPOINT: dynamo.endpoint,
        DYNAMODB_REGION: 'ap-northeast-1',
      },
      { actor: 'roundtrip-test' },
    );
  });

  afterAll(async () => {
    await writer?.close();
    client?.destroy();
    await dynamo?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('creates every item of a new file and reads it back through the plain DynamoDB directory', async () => {
    // Act
    const result = await apply(await fileWith());

    // Assess
    expect(result).toMatchObject({ dryRun: false, created: 6, updated: 0, deleted: 0, unchanged: 0 });
    expect(result.tenants.map((t) => [t.tenantId, t.action])).toEqual([
      ['acme', 'create'],
      ['beta-co', 'create'],
    ]);
    const [acme, beta] = parseTenantFile(validTenantFile()).tenants;
    const { routes: acmeRoutes, ...acmeProfile } = acme!;
    expect(await read().getTenant('acme')).toEqual(acmeProfile);
    expect(await read().getRoutes('acme')).toEqual(acmeRoutes);
    expect(await read().getRoutes('beta-co')).toEqual(beta!.routes);
  });

  it('stores items in the framework shape, in the data table only', async () => {
    // Act
    const items = await scan();

    // Assess
    expect([...items.keys()].sort()).toEqual([
      'TENANT#acme ROUTE#failures-by-mail',
      'TENANT#acme ROUTE#github-to-slack',
      'TENANT#acme ROUTE#payments-to-backend',
      'TENANT#acme TENANT',
      'TENANT#beta-co ROUTE#all-to-teams',
      'TENANT#beta-co TENANT',
    ]);
    expect(items.get('TENANT#acme TENANT')).toMatchObject({
      id: 'TENANT#acme#TENANT',
      pk: 'TENANT#acme',
      sk: 'TENANT',
      code: 'acme',
      name: 'Acme Corporation',
      version: 1,
      tenantCode: 'acme',
      type: 'TENANT',
      isDeleted: false,
      attributes: {
        status: 'active',
        route_order: ['payments-to-backend', 'failures-by-mail', 'github-to-slack'],
      },
      createdBy: 'roundtrip-test',
    });
    expect(items.get('TENANT#acme ROUTE#payments-to-backend')).toMatchObject({
      id: 'TENANT#acme#ROUTE#payments-to-backend',
      code: 'payments-to-backend',
      name: 'Stripe payment events to the billing backend',
      type: 'ROUTE',
      tenantCode: 'acme',
      attributes: { match: { provider: 'stripe', event_type: 'payment_intent.*' }, enabled: true },
    });
    for (const item of items.values()) {
      expect(Date.parse(item.createdAt)).not.toBeNaN();
      expect(Date.parse(item.updatedAt)).not.toBeNaN();
    }
    expect((await scan(tables.tenantCommand)).size).toBe(0);
    expect((await scan(tables.tenantHistory)).size).toBe(0);
  });

  it('reports an unchanged file as unchanged and rewrites nothing', async () => {
    // Prepare
    const before = await scan();

    // Act
    const result = await apply(await fileWith());

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 6 });
    expect(result.tenants.every((t) => t.action === 'unchanged')).toBe(true);
    expect(await scan()).toEqual(before);
  });

  it('rewrites only the route that changed', async () => {
    // Prepare
    const before = await versions();

    // Act
    const result = await apply(
      await declare((file) => {
        file.tenants[0].routes[1].destination.to = ['billing@acme.example'];
      }),
    );

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 1, deleted: 0, unchanged: 5 });
    expect(result.tenants[0]!.items.find((i) => i.action === 'update')).toEqual({
      kind: 'route',
      id: 'failures-by-mail',
      action: 'update',
      changes: [{ path: 'destination.to[1]', before: 'cfo@acme.example', after: undefined }],
    });
    const after = await versions();
    for (const [key, version] of after) {
      expect([key, version]).toEqual([
        key,
        key === 'TENANT#acme ROUTE#failures-by-mail' ? 2 : before.get(key),
      ]);
    }
    const routes = await read().getRoutes('acme');
    expect(routes[1]!.destination).toMatchObject({ to: ['billing@acme.example'] });
  });

  it('reports exactly what would change on a dry run and writes nothing', async () => {
    // Prepare
    const before = await scan();
    const path = await fileWith((file) => {
      file.tenants[0].status = 'suspended';
      file.tenants[0].routes.pop();
      file.tenants[1].routes.push({ ...file.tenants[1].routes[0], route_id: 'second' });
    });

    // Act
    const result = await apply(path, true);

    // Assess
    expect(result).toMatchObject({ dryRun: true, created: 1, updated: 2, deleted: 1, unchanged: 3 });
    expect(renderApplyResult(result)).toContain('      status: "active" -> "suspended"');
    expect(renderApplyResult(result)).toContain('  - route github-to-slack');
    expect(renderApplyResult(result)).toContain('  + route second');
    expect(await scan()).toEqual(before);
  });

  it('applies a dropped route for real: gone from reads, its item soft-deleted', async () => {
    // Prepare
    const path = await declare((file) => {
      file.tenants[0].routes.pop();
    });

    // Act
    const result = await apply(path);

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 1, deleted: 1 });
    expect((await read().getRoutes('acme')).map((r) => r.route_id)).toEqual([
      'payments-to-backend',
      'failures-by-mail',
    ]);
    expect((await scan()).get('TENANT#acme ROUTE#github-to-slack')).toMatchObject({
      isDeleted: true,
      version: 2,
    });
  });

  it('starts its own writer from process.env when none is given', async () => {
    // Prepare
    Object.assign(process.env, { NODE_ENV: 'local', DYNAMODB_ENDPOINT: dynamo.endpoint });
    const path = await fileWith();

    // Act
    const result = await applyTenantFile(path, { dryRun: true });

    // Assess
    expect(result).toMatchObject({ created: 0, updated: 0, deleted: 0, unchanged: 5 });
  });

  it('stops with a conflict when an item changed after it was planned', async () => {
    // Prepare
    const tenants = parseTenantFile({ tenants: [{ ...declared.tenants[1], name: 'Beta Company' }] }).tenants;
    const plans = await writer.plan(tenants);
    const concurrentApply = await declare((file) => {
      file.tenants[1].name = 'Beta Co Ltd';
    });
    await apply(concurrentApply);

    // Act & Assess
    await expect(writer.write(plans)).rejects.toBeInstanceOf(TenantApplyConflictError);
    expect((await read().getTenant('beta-co'))?.name).toBe('Beta Co Ltd');
  });

  it('refuses an invalid file before reading or writing anything', async () => {
    // Prepare
    const before = await scan();
    const path = await fileWith((file) => {
      file.tenants[0].routes[0].destination.url = 'http://billing.acme.example/';
    });

    // Act & Assess
    await expect(apply(path)).rejects.toBeInstanceOf(TenantFileValidationError);
    expect(await scan()).toEqual(before);
  });
});
