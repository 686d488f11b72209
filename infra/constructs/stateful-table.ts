import type { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import type { Construct } from 'constructs';

/** What every table of a stage shares: its lifecycle. */
export interface TableLifecycle {
  readonly removalPolicy: RemovalPolicy;
  /** DynamoDB's own guard against DeleteTable, on top of the stack's termination protection. */
  readonly deletionProtection: boolean;
}

export interface StatefulTableProps extends TableLifecycle {
  readonly tableName: string;
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly timeToLiveAttribute?: string;
}

/**
 * A table holding data that must survive deploys: on demand (traffic is bursty: webhook floods, the daily
 * sync), KMS-encrypted with the AWS managed key (key use is visible in CloudTrail, no key to administer),
 * point-in-time recovery on. Named, so that a change forcing replacement fails the deploy instead of
 * silently creating an empty table.
 */
export const createStatefulTable = (scope: Construct, id: string, props: StatefulTableProps): Table =>
  new Table(scope, id, {
    tableName: props.tableName,
    partitionKey: { name: props.partitionKey, type: AttributeType.STRING },
    sortKey: props.sortKey ? { name: props.sortKey, type: AttributeType.STRING } : undefined,
    timeToLiveAttribute: props.timeToLiveAttribute,
    billingMode: BillingMode.PAY_PER_REQUEST,
    encryption: TableEncryption.AWS_MANAGED,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: props.deletionProtection,
    removalPolicy: props.removalPolicy,
  });
