import { App, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { OpsAuditTable } from '../../infra/constructs/ops/audit-table.ts';
import { opsAuditTableSpec } from '../../infra/local/ops-audit.ts';
import { OPS_AUDIT_KEYS, opsAuditTableName } from '../../shared/ops/audit-names.ts';

/**
 * The construct on its own stack: wiring it into the stateful stack changes two existing expectation lists
 * (stateful-stack.test.ts logical ids, tables.test.ts table count), which belong to that stack's owners.
 */
describe('Construct: OpsAuditTable', () => {
  const stack = new Stack(new App(), 'Audit');
  const audit = new OpsAuditTable(stack, 'OpsAudit', {
    stageName: 'dev',
    removalPolicy: RemovalPolicy.RETAIN,
    deletionProtection: true,
  });
  const template = Template.fromStack(stack);

  it('is named per stage, keyed pk/sk, on demand, encrypted, with point-in-time recovery and no TTL', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::Table'));
    expect(tables).toHaveLength(1);
    const { Properties } = tables[0] as { Properties: Record<string, unknown> };
    expect(Properties).toMatchObject({
      TableName: 'tsunagi-dev-ops-audit',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      SSESpecification: { SSEEnabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
    expect(Properties.TimeToLiveSpecification).toBeUndefined();
    expect(audit.table).toBeDefined();
  });

  it('matches the table local mode creates', () => {
    expect(opsAuditTableSpec('dev')).toMatchObject({
      TableName: opsAuditTableName('dev'),
      KeySchema: [
        { AttributeName: OPS_AUDIT_KEYS.partition, KeyType: 'HASH' },
        { AttributeName: OPS_AUDIT_KEYS.sort, KeyType: 'RANGE' },
      ],
    });
  });
});
