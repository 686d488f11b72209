import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { OPS_AUDIT_KEYS, opsAuditTableName } from '../../../shared/ops/audit-names.ts';
import { createStatefulTable, type TableLifecycle } from '../stateful-table.ts';

export interface OpsAuditTableProps extends TableLifecycle {
  readonly stageName: string;
}

/**
 * The operators' audit trail (`ops dlq redrive | archive | cancel` write, `ops audit list` reads): pk/sk,
 * on demand, KMS-encrypted, point-in-time recovery, no TTL (records are kept).
 */
export class OpsAuditTable extends Construct {
  public readonly table: Table;

  public constructor(scope: Construct, id: string, props: OpsAuditTableProps) {
    super(scope, id);
    this.table = createStatefulTable(this, 'Table', {
      tableName: opsAuditTableName(props.stageName),
      partitionKey: OPS_AUDIT_KEYS.partition,
      sortKey: OPS_AUDIT_KEYS.sort,
      removalPolicy: props.removalPolicy,
      deletionProtection: props.deletionProtection,
    });
  }
}
