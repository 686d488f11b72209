import { DynamoDBClient, PutItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../../infra/local/dynamodb/index.ts';
import { DynamoDbTenantDirectory } from '../../../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { routeItemContent, tenantItemContent } from '../../../../shared/adapters/tenants/tenant-items.ts';
import { TenantDataError } from '../../../../shared/tenants/errors.ts';
import type { Tenant } from '../../../../shared/tenants/tenant-file.ts';
import { parseTenantFile } from '../../../../shared/tenants/validate-tenant-file.ts';
import { validTenantFile } from '../../tenants/tenant-file-fixture.ts';

describe('Class: DynamoDbTenantDirectory', () => {
  const tableName = localTableNames('local').tenantData;
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;
  let tenants: Tenant[];
  let now: number;

  const put = async (item: Record<string, unknown>) =>
    client.send(
      new PutItemCommand({
        TableName: tableName,
        Item: marshall({ version: 1, ...item }, { removeUndefinedValues: true }),
      }),
    );
  const store = async (tenant: Tenant) => {
    for (const route of tenant.routes) await put(routeItemContent(tenant.tenant_id, route));
    await put(tenantItemContent(tenant));
  };
  const directory = () => new DynamoDbTenantDirectory(client, { tableName, now: () => now });

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
    await ensureTables(client, 'local');
    tenants = parseTenantFile(validTenantFile()).tenants;
    for (const tenant of tenants) await store(tenant);
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  beforeEach(() => {
    now = 1_000_000;
    vi.restoreAllMocks();
  });

  it('reads a tenant profile and its routes in declared order', async () => {
    // Prepare
    const { routes, ...profile } = tenants[0]!;

    // Act
    const reader = directory();

    // Assess
    expect(await reader.getTenant('acme')).toEqual(profile);
    expect(await reader.getRoutes('acme')).toEqual(routes);
  });

  it('answers both questions from one cached Query until the TTL passes', async () => {
    // Prepare
    const reader = directory();
    const send = vi.spyOn(client, 'send');
    const count = () => send.mock.calls.filter(([command]) => command instanceof QueryCommand).length;

    // Act & Assess
    await Promise.all([reader.getTenant('acme'), reader.getRoutes('acme'), reader.getRoutes('acme')]);
    expect(count()).toBe(1);
    now += 29_999;
    await reader.getRoutes('acme');
    expect(count()).toBe(1);
    now += 1;
    await reader.getRoutes('acme');
    expect(count()).toBe(2);
  });

  it('remembers an unknown tenant too, and never queries for a malformed id', async () => {
    // Prepare
    const reader = directory();
    const send = vi.spyOn(client, 'send');

    // Act
    const results = [
      await reader.getTenant('ghost'),
      await reader.getRoutes('ghost'),
      await reader.getTenant('../acme'),
    ];

    // Assess
    expect(results).toEqual([null, [], null]);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('does not remember a failed read', async () => {
    // Prepare
    const reader = directory();
    vi.spyOn(client, 'send').mockRejectedValueOnce(new Error('throttled'));

    // Act & Assess
    await expect(reader.getTenant('acme')).rejects.toThrow('throttled');
    expect(await reader.getTenant('acme')).toMatchObject({ tenant_id: 'acme' });
  });

  it('rejects with TenantDataError when a stored route does not decode', async () => {
    // Prepare
    await put({
      ...tenantItemContent({ ...tenants[0]!, tenant_id: 'broken', routes: [tenants[0]!.routes[0]!] }),
    });
    await put({ ...routeItemContent('broken', tenants[0]!.routes[0]!), attributes: { match: 'everything' } });

    // Act & Assess
    await expect(directory().getRoutes('broken')).rejects.toBeInstanceOf(TenantDataError);
  });

  it('lists tenant profiles for operators', async () => {
    // Act
    const listed = await directory().listTenants();

    // Assess
    expect(listed.map((t) => t.tenant_id)).toEqual(expect.arrayContaining(['acme', 'beta-co']));
    expect(listed.every((t) => !('routes' in t))).toBe(true);
  });
});
