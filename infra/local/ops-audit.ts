import { CreateTableCommand, type DynamoDBClient, ResourceInUseException } from '@aws-sdk/client-dynamodb';
import { OPS_AUDIT_KEYS, opsAuditTableName } from '../../shared/ops/audit-names.ts';

/** The CreateTable input of the ops audit table, keyed as the stack keys it (audit-table.ts). */
export const opsAuditTableSpec = (stage = 'local') => ({
  TableName: opsAuditTableName(stage),
  KeySchema: [
    { AttributeName: OPS_AUDIT_KEYS.partition, KeyType: 'HASH' as const },
    { AttributeName: OPS_AUDIT_KEYS.sort, KeyType: 'RANGE' as const },
  ],
  AttributeDefinitions: [
    { AttributeName: OPS_AUDIT_KEYS.partition, AttributeType: 'S' as const },
    { AttributeName: OPS_AUDIT_KEYS.sort, AttributeType: 'S' as const },
  ],
});

/** Creates the audit table unless it exists; true when created. */
export const ensureOpsAuditTable = async (client: DynamoDBClient, stage = 'local'): Promise<boolean> => {
  try {
    await client.send(
      new CreateTableCommand({ ...opsAuditTableSpec(stage), BillingMode: 'PAY_PER_REQUEST' }),
    );
    return true;
  } catch (error) {
    if (error instanceof ResourceInUseException) return false;
    throw error;
  }
};
