import { AttributeType, ProjectionType, type Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import {
  DELIVERY_LOG_KEYS,
  DELIVERY_LOG_TENANT_INDEX,
  ENDPOINTS_KEYS,
  IDEMPOTENCY_KEYS,
} from '../../shared/delivery/config-names.ts';
import { createStatefulTable, type TableLifecycle } from './stateful-table.ts';

export interface DeliveryTablesProps extends TableLifecycle {
  readonly deliveryLogTableName: string;
  readonly idempotencyTableName: string;
  readonly endpointsTableName: string;
}

/** The tables of routing and delivery; key and TTL attribute names are shared with the code that uses them. */
export class DeliveryTables extends Construct {
  /** Per event a routing record and one record per (event, route); expires after the stage's retention. */
  public readonly deliveryLog: Table;
  /** Powertools idempotency records: provider-event dedupe (router) and (event, route) dedupe (worker). */
  public readonly idempotency: Table;
  /** Per destination its health record, and the deliveries held while it is disabled (these expire). */
  public readonly endpoints: Table;

  public constructor(scope: Construct, id: string, props: DeliveryTablesProps) {
    super(scope, id);
    const { removalPolicy, deletionProtection } = props;

    this.deliveryLog = createStatefulTable(this, 'DeliveryLog', {
      tableName: props.deliveryLogTableName,
      partitionKey: DELIVERY_LOG_KEYS.partition,
      sortKey: DELIVERY_LOG_KEYS.sort,
      timeToLiveAttribute: DELIVERY_LOG_KEYS.ttl,
      removalPolicy,
      deletionProtection,
    });
    // Routing records by tenant, newest first: the operator console's event search.
    this.deliveryLog.addGlobalSecondaryIndex({
      indexName: DELIVERY_LOG_TENANT_INDEX.name,
      partitionKey: { name: DELIVERY_LOG_TENANT_INDEX.partition, type: AttributeType.STRING },
      sortKey: { name: DELIVERY_LOG_TENANT_INDEX.sort, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });
    this.idempotency = createStatefulTable(this, 'Idempotency', {
      tableName: props.idempotencyTableName,
      partitionKey: IDEMPOTENCY_KEYS.partition,
      timeToLiveAttribute: IDEMPOTENCY_KEYS.ttl,
      removalPolicy,
      deletionProtection,
    });
    this.endpoints = createStatefulTable(this, 'Endpoints', {
      tableName: props.endpointsTableName,
      partitionKey: ENDPOINTS_KEYS.partition,
      sortKey: ENDPOINTS_KEYS.sort,
      timeToLiveAttribute: ENDPOINTS_KEYS.ttl,
      removalPolicy,
      deletionProtection,
    });
  }
}
