import { Duration, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import {
  BlockPublicAccess,
  Bucket,
  BucketEncryption,
  type IBucket,
  ObjectOwnership,
  TargetObjectKeyFormat,
} from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY } from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { TSUNAGI_APP_NAME } from '../../../shared/adapters/kernel/mbc-cqrs-table-names.ts';
import { SYNC_MODULE, syncResourceNames } from '../../../shared/sync/workflow/config-names.ts';
import { createStatefulTable, type TableLifecycle } from '../stateful-table.ts';

export interface SyncStorageProps extends TableLifecycle {
  readonly stageName: string;
  /** Plan files (tenant lists) and run reports are tenant data too: expire them. */
  readonly objectExpiration: Duration;
  /** How long a schedule delivery that failed stays in the schedule's DLQ. */
  readonly deadLetterRetention: Duration;
  /** The stage's server access log bucket (shared with the claim-check bucket). */
  readonly accessLogsBucket: IBucket;
}

// As for the tenant tables: the framework writes an epoch-seconds `ttl` when master data asks for expiry.
const FRAMEWORK_TTL = 'ttl';

/**
 * What the daily tenant sync keeps: the `sync` module's @mbc-cqrs-serverless/core tables (sync history,
 * run reports, user/group mappings, notification targets; `publishSync` writes only `data`, command and
 * history exist because the framework's module layout expects them) and the bucket holding each run's plan
 * (JSON lines read by the Distributed Map), its children's results (the Map's ResultWriter, under map-results/)
 * and report; and the schedule target's DLQ (a start that failed every
 * retry waits there for an operator). Construct ids are part of logical ids: do not rename.
 */
export class SyncStorage extends Construct {
  public readonly bucket: Bucket;
  public readonly command: Table;
  public readonly data: Table;
  public readonly history: Table;
  public readonly scheduleDeadLetterQueue: Queue;

  public constructor(scope: Construct, id: string, props: SyncStorageProps) {
    super(scope, id);
    // Log delivery by bucket policy, as for the claim-check bucket (ACLs stay disabled).
    this.node.setContext(S3_SERVER_ACCESS_LOGS_USE_BUCKET_POLICY, true);
    const { removalPolicy, deletionProtection } = props;

    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      minimumTLSVersion: 1.2,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: props.accessLogsBucket,
      serverAccessLogsPrefix: 'sync/',
      targetObjectKeyFormat: TargetObjectKeyFormat.partitionedPrefix(),
      lifecycleRules: [
        { expiration: props.objectExpiration, abortIncompleteMultipartUploadAfter: Duration.days(1) },
      ],
      removalPolicy,
    });

    const prefix = `${props.stageName}-${TSUNAGI_APP_NAME}-${SYNC_MODULE}`;
    const table = (tableId: string, tableName: string): Table =>
      createStatefulTable(this, tableId, {
        tableName,
        partitionKey: 'pk',
        sortKey: 'sk',
        timeToLiveAttribute: FRAMEWORK_TTL,
        removalPolicy,
        deletionProtection,
      });
    this.command = table('Command', `${prefix}-command`);
    this.data = table('Data', syncResourceNames(props.stageName).syncTable);
    this.history = table('History', `${prefix}-history`);

    this.scheduleDeadLetterQueue = new Queue(this, 'ScheduleDeadLetterQueue', {
      queueName: syncResourceNames(props.stageName).scheduleDlq,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.deadLetterRetention,
      removalPolicy,
    });
    Validations.of(this.scheduleDeadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        "This queue is itself a dead-letter queue: EventBridge Scheduler's DLQ for the daily sync's start. cdk-nag recognises only DLQs named in another queue's redrive policy.",
    });
  }
}
