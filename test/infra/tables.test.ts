import { describe, expect, it } from 'vitest';
import { tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { resourceNamed, synthStage } from './helpers.ts';

const pkSk = {
  AttributeDefinitions: [
    { AttributeName: 'pk', AttributeType: 'S' },
    { AttributeName: 'sk', AttributeType: 'S' },
  ],
  KeySchema: [
    { AttributeName: 'pk', KeyType: 'HASH' },
    { AttributeName: 'sk', KeyType: 'RANGE' },
  ],
};

describe('Classes: DeliveryTables and TenantTables', () => {
  const { stateful } = synthStage('dev');
  const table = (prefix: string) => resourceNamed(stateful, 'AWS::DynamoDB::Table', prefix).Properties;

  it('keys the delivery log on pk/sk strings and expires records through expires_at', () => {
    expect(table('TablesDeliveryLog')).toMatchObject({
      TableName: deliveryResourceNames('dev').deliveryLogTable,
      AttributeDefinitions: [
        ...pkSk.AttributeDefinitions,
        { AttributeName: 'tenant_id', AttributeType: 'S' },
        { AttributeName: 'received_at', AttributeType: 'S' },
      ],
      KeySchema: pkSk.KeySchema,
      TimeToLiveSpecification: { AttributeName: 'expires_at', Enabled: true },
    });
  });

  it('indexes the delivery log by tenant and receipt time (the console’s event search), and only it', () => {
    expect(table('TablesDeliveryLog').GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'by-tenant-received',
        KeySchema: [
          { AttributeName: 'tenant_id', KeyType: 'HASH' },
          { AttributeName: 'received_at', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it("keys the idempotency table on id and expires records through Powertools' expiration", () => {
    expect(table('TablesIdempotency')).toMatchObject({
      TableName: deliveryResourceNames('dev').idempotencyTable,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
    });
  });

  it('creates the mbc-cqrs tenant tables under the names the framework derives', () => {
    const names = tenantTableNames('dev');
    for (const [prefix, name] of [
      ['TenantCommand', names.command],
      ['TenantData', names.data],
      ['TenantHistory', names.history],
    ] as const) {
      expect(table(prefix)).toMatchObject({
        TableName: name,
        ...pkSk,
        TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
      });
      expect(table(prefix).StreamSpecification).toBeUndefined();
    }
    expect(table('TenantMasterData')).toMatchObject({ TableName: 'dev-tsunagi-master-data', ...pkSk });
    expect(table('TenantMasterData').TimeToLiveSpecification).toBeUndefined();
  });

  it('bills every table on demand, encrypts it with KMS and keeps point-in-time recovery', () => {
    const tables = Object.values(stateful.findResources('AWS::DynamoDB::Table'));
    // Delivery (2), tenant (4) and sync (3) tables.
    expect(tables).toHaveLength(11);
    for (const { Properties } of tables) {
      expect(Properties).toMatchObject({
        BillingMode: 'PAY_PER_REQUEST',
        SSESpecification: { SSEEnabled: true },
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      });
      if (Properties.TableName !== deliveryResourceNames('dev').deliveryLogTable)
        expect(Properties.GlobalSecondaryIndexes).toBeUndefined();
    }
  });
});
