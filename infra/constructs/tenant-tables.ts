import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { TenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { createStatefulTable, type TableLifecycle } from './stateful-table.ts';

export interface TenantTablesProps extends TableLifecycle {
  /** From `tenantTableNames(stage)`: the names @mbc-cqrs-serverless/core derives from NODE_ENV and APP_NAME. */
  readonly names: TenantTableNames;
}

// The framework writes an epoch-seconds `ttl` when a tenant's master-data settings ask for expiry (none do by
// default); enabling the attribute honours those settings instead of silently ignoring them.
const FRAMEWORK_TTL = 'ttl';

/**
 * Tenant master data (tenants, integrations, routes) in @mbc-cqrs-serverless/core's table layout: the tenant
 * module's command, data and history tables (pk/sk strings) and the framework's master-data table, which it
 * reads on every publish. `publishSync` writes only the data table; the hot path reads only that one. No
 * streams: the framework's command-stream pipeline is not used (see notes/mbc-cqrs.md).
 */
export class TenantTables extends Construct {
  public readonly command: Table;
  public readonly data: Table;
  public readonly history: Table;
  public readonly masterData: Table;

  public constructor(scope: Construct, id: string, props: TenantTablesProps) {
    super(scope, id);
    const { names, removalPolicy, deletionProtection } = props;
    const table = (tableId: string, tableName: string, timeToLiveAttribute?: string): Table =>
      createStatefulTable(this, tableId, {
        tableName,
        partitionKey: 'pk',
        sortKey: 'sk',
        timeToLiveAttribute,
        removalPolicy,
        deletionProtection,
      });

    this.command = table('Command', names.command, FRAMEWORK_TTL);
    this.data = table('Data', names.data, FRAMEWORK_TTL);
    this.history = table('History', names.history, FRAMEWORK_TTL);
    this.masterData = table('MasterData', names.masterData);
  }
}
