import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ensureTables,
  type LocalDynamo,
  localTableNames,
  startLocalDynamo,
} from '../../../../infra/local/dynamodb/index.ts';

describe('Function: startLocalDynamo', () => {
  let dynamo: LocalDynamo;
  let client: DynamoDBClient;

  beforeAll(async () => {
    dynamo = await startLocalDynamo({ port: 0 });
    client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-northeast-1', maxAttempts: 1 });
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.stop();
  });

  it('listens on a free port when asked for port 0', () => {
    expect(dynamo.port).toBeGreaterThan(0);
    expect(dynamo.endpoint).toBe(`http://127.0.0.1:${dynamo.port}`);
  });

  it('creates the framework tables of the tenant module and its master-data table, once', async () => {
    // Act
    const created = await ensureTables(client, 'local');
    const again = await ensureTables(client, 'local');

    // Assess
    expect(created.sort()).toEqual([
      'local-tsunagi-master-data',
      'local-tsunagi-tenant-command',
      'local-tsunagi-tenant-data',
      'local-tsunagi-tenant-history',
    ]);
    expect(again).toEqual([]);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining(Object.values(localTableNames('local'))));
  });

  it('creates on-demand tables keyed by pk and sk strings', async () => {
    // Act
    const { Table } = await client.send(
      new DescribeTableCommand({ TableName: localTableNames('local').tenantData }),
    );

    // Assess
    expect(Table?.TableStatus).toBe('ACTIVE');
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'pk', KeyType: 'HASH' },
      { AttributeName: 'sk', KeyType: 'RANGE' },
    ]);
    expect(Table?.BillingModeSummary?.BillingMode).toBe('PAY_PER_REQUEST');
  });

  it('names tables per stage', () => {
    expect(localTableNames('prod').tenantData).toBe('prod-tsunagi-tenant-data');
  });
});
