import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { tenantTableNames } from '../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import type { StageConfig } from '../config/stages.ts';
import { ClaimCheckBucket } from '../constructs/claim-check-bucket.ts';
import { DeliveryTables } from '../constructs/delivery-tables.ts';
import { DeliveryEmail } from '../constructs/email.ts';
import { OpsAuditTable } from '../constructs/ops/audit-table.ts';
import { QueueWithDlq } from '../constructs/queue-with-dlq.ts';
import { SyncStorage } from '../constructs/sync/sync-storage.ts';
import { TenantTables } from '../constructs/tenant-tables.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

export interface QueueExport {
  readonly queueArn: string;
  readonly queueUrl: string;
  readonly queueName: string;
}

/** The inbound DLQ is only watched, not written by a function: no URL import (operators get a plain output). */
export type DeadLetterQueueExport = Omit<QueueExport, 'queueUrl'>;

export interface TableExport {
  readonly tableArn: string;
  readonly tableName: string;
}

/**
 * What other stacks may use, as `Fn::ImportValue`s of explicitly named exports. Named exports keep the
 * consumers' templates (and the nag acknowledgements on their IAM policies) independent of CDK's generated
 * export names, which change whenever a construct path does. An export cannot change while it is imported:
 * export only what the stateless stack uses.
 */
export interface StatefulExports {
  readonly inboundQueue: QueueExport;
  readonly inboundDeadLetterQueue: DeadLetterQueueExport;
  readonly deliveryQueue: QueueExport;
  /** The worker sends permanent failures here itself, so its URL is exported too. */
  readonly deliveryDeadLetterQueue: QueueExport;
  readonly claimCheckBucket: { readonly bucketArn: string; readonly bucketName: string };
  readonly deliveryLogTable: TableExport;
  readonly idempotencyTable: TableExport;
  /** Endpoint health and held deliveries (the worker's; operators read and enable through it). */
  readonly endpointsTable: TableExport;
  /** The tenant module's data table: the only tenant table the hot path reads. */
  readonly tenantDataTable: TableExport;
  /** Read by every `publishSync` (per-tenant TTL settings): the sync functions need it. */
  readonly masterDataTable: TableExport;
  /** The sync module's data table (history, reports, mappings) and the bucket of plans and reports. */
  readonly syncDataTable: TableExport;
  readonly syncBucket: { readonly bucketArn: string; readonly bucketName: string };
  /** Only watched and written by EventBridge Scheduler: no URL import. */
  readonly syncScheduleDeadLetterQueue: DeadLetterQueueExport;
  readonly emailIdentityArn: string;
  readonly secondaryEmailKeySecretArn: string;
}

/**
 * Everything that holds data (queues, tables, buckets, the email identity and the provider key). Kept apart
 * from the stateless stack so that code deploys never replace them; construct ids here are part of the
 * logical ids and must not change (tested).
 */
export class StatefulStack extends Stack {
  public readonly inboundQueue: Queue;
  public readonly inboundDeadLetterQueue: Queue;
  public readonly deliveryQueue: Queue;
  public readonly deliveryDeadLetterQueue: Queue;
  public readonly claimCheckBucket: Bucket;
  public readonly deliveryTables: DeliveryTables;
  public readonly tenantTables: TenantTables;
  public readonly email: DeliveryEmail;
  public readonly sync: SyncStorage;
  /** Who redrove, archived or cancelled what (`npm run ops -- audit list`). */
  public readonly opsAudit: OpsAuditTable;
  public readonly exports: StatefulExports;

  public constructor(scope: Construct, id: string, props: StatefulStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.terminationProtection, ...stackProps });
    const names = deliveryResourceNames(config.stageName);
    const lifecycle = {
      removalPolicy: config.removalPolicy,
      deletionProtection: config.terminationProtection,
    };

    const inbound = new QueueWithDlq(this, 'Inbound', {
      queueName: `tsunagi-${config.stageName}-inbound`,
      ...config.inboundQueue,
      removalPolicy: config.removalPolicy,
    });
    // Both delivery queues are named (shared naming): operators and local mode find them by name.
    const delivery = new QueueWithDlq(this, 'Delivery', {
      queueName: names.deliveryQueue,
      deadLetterQueueName: names.deliveryDlq,
      ...config.deliveryQueue,
      removalPolicy: config.removalPolicy,
    });
    const claimCheck = new ClaimCheckBucket(this, 'ClaimCheck', {
      ...config.claimCheck,
      removalPolicy: config.removalPolicy,
    });
    this.deliveryTables = new DeliveryTables(this, 'Tables', {
      deliveryLogTableName: names.deliveryLogTable,
      idempotencyTableName: names.idempotencyTable,
      endpointsTableName: names.endpointsTable,
      ...lifecycle,
    });
    this.tenantTables = new TenantTables(this, 'Tenant', {
      names: tenantTableNames(config.stageName),
      ...lifecycle,
    });
    this.sync = new SyncStorage(this, 'Sync', {
      stageName: config.stageName,
      objectExpiration: config.sync.objectExpiration,
      deadLetterRetention: config.deliveryQueue.dlqRetentionPeriod,
      accessLogsBucket: claimCheck.accessLogsBucket,
      ...lifecycle,
    });
    this.opsAudit = new OpsAuditTable(this, 'OpsAudit', { stageName: config.stageName, ...lifecycle });
    this.email = new DeliveryEmail(this, 'Email', {
      config: config.email,
      secondaryKeySecretName: secondaryEmailKeySecretName(config.secretPrefix),
      removalPolicy: config.removalPolicy,
    });
    this.inboundQueue = inbound.queue;
    this.inboundDeadLetterQueue = inbound.deadLetterQueue;
    this.deliveryQueue = delivery.queue;
    this.deliveryDeadLetterQueue = delivery.deadLetterQueue;
    this.claimCheckBucket = claimCheck.bucket;

    this.exports = {
      inboundQueue: this.shareQueue('InboundQueue', inbound.queue),
      inboundDeadLetterQueue: this.shareDeadLetterQueue('InboundDeadLetterQueue', inbound.deadLetterQueue),
      deliveryQueue: this.shareQueue('DeliveryQueue', delivery.queue),
      deliveryDeadLetterQueue: this.shareQueue('DeliveryDeadLetterQueue', delivery.deadLetterQueue),
      claimCheckBucket: {
        bucketArn: this.share('ClaimCheckBucketArn', claimCheck.bucket.bucketArn),
        bucketName: this.share('ClaimCheckBucketName', claimCheck.bucket.bucketName),
      },
      deliveryLogTable: this.shareTable('DeliveryLogTable', this.deliveryTables.deliveryLog),
      idempotencyTable: this.shareTable('IdempotencyTable', this.deliveryTables.idempotency),
      endpointsTable: this.shareTable('EndpointsTable', this.deliveryTables.endpoints),
      tenantDataTable: this.shareTable('TenantDataTable', this.tenantTables.data),
      masterDataTable: this.shareTable('MasterDataTable', this.tenantTables.masterData),
      syncDataTable: this.shareTable('SyncDataTable', this.sync.data),
      syncBucket: {
        bucketArn: this.share('SyncBucketArn', this.sync.bucket.bucketArn),
        bucketName: this.share('SyncBucketName', this.sync.bucket.bucketName),
      },
      syncScheduleDeadLetterQueue: this.shareDeadLetterQueue(
        'SyncScheduleDeadLetterQueue',
        this.sync.scheduleDeadLetterQueue,
      ),
      emailIdentityArn: this.share('EmailIdentityArn', this.email.identity.emailIdentityArn),
      secondaryEmailKeySecretArn: this.share('SecondaryEmailKeySecretArn', this.email.secondaryKey.secretArn),
    };
    this.addOperatorOutputs(config);
  }

  /** Not consumed by other stacks, but operators (ops CLI, runbooks, DNS owners) need them. */
  private addOperatorOutputs(config: StageConfig): void {
    const { tenantTables, email } = this;
    new CfnOutput(this, 'TenantCommandTableName', { value: tenantTables.command.tableName });
    new CfnOutput(this, 'TenantHistoryTableName', { value: tenantTables.history.tableName });
    new CfnOutput(this, 'SyncCommandTableName', { value: this.sync.command.tableName });
    new CfnOutput(this, 'SyncHistoryTableName', { value: this.sync.history.tableName });
    new CfnOutput(this, 'OpsAuditTableName', { value: this.opsAudit.table.tableName });
    new CfnOutput(this, 'SecondaryEmailKeySecretName', {
      value: secondaryEmailKeySecretName(config.secretPrefix),
    });
    // An address identity is verified by a mailed link; only a domain identity has DKIM records to publish.
    if (!config.email.domain) return;
    email.identity.dkimRecords.forEach((record, index) => {
      new CfnOutput(this, `EmailDkimRecord${index + 1}`, {
        description: 'Easy DKIM: publish as a CNAME record (name = value) for the SES identity to verify',
        value: Fn.join(' = ', [record.name, record.value]),
      });
    });
  }

  private shareQueue(id: string, queue: Queue): QueueExport {
    return {
      queueArn: this.share(`${id}Arn`, queue.queueArn),
      queueUrl: this.share(`${id}Url`, queue.queueUrl),
      queueName: this.share(`${id}Name`, queue.queueName),
    };
  }

  private shareDeadLetterQueue(id: string, queue: Queue): DeadLetterQueueExport {
    new CfnOutput(this, `${id}Url`, { value: queue.queueUrl });
    return {
      queueArn: this.share(`${id}Arn`, queue.queueArn),
      queueName: this.share(`${id}Name`, queue.queueName),
    };
  }

  private shareTable(id: string, table: Table): TableExport {
    return {
      tableArn: this.share(`${id}Arn`, table.tableArn),
      tableName: this.share(`${id}Name`, table.tableName),
    };
  }

  /** An output with a stable export name, returned as the import other stacks should use. */
  private share(id: string, value: string): string {
    const exportName = `${this.stackName}:${id}`;
    new CfnOutput(this, id, { value, exportName });
    return Fn.importValue(exportName);
  }
}

/** The secondary email provider's API key: one per stage, under the stage's secret prefix. */
export const secondaryEmailKeySecretName = (secretPrefix: string): string =>
  `${secretPrefix}/delivery/secondary-email-key`;
