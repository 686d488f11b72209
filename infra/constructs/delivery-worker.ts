import type { RemovalPolicy } from 'aws-cdk-lib';
import { Grant } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DELIVERY_WORKER_ENV } from '../../functions/delivery-worker/env.ts';
import type { EnvFor } from '../../shared/kernel/env-contract.ts';
import type { EmailConfig, StageName, WorkerConfig } from '../config/stage-config.ts';
import {
  createConsumerFunction,
  grantClaimCheckRead,
  grantTable,
  TABLE_ACTIONS,
  type TableRef,
} from './consumer-function.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import { grantSendMessage } from './queue-grants.ts';
import { tenantSecretArnPattern } from './secret-patterns.ts';

/**
 * Chat credentials are read, and written back when the vendor rotates a refresh token on use (Microsoft does on
 * every Teams token redemption): put as AWSPENDING, then AWSCURRENT moved to it only if it is still the version
 * read, the sync's compare-and-swap (shared/adapters/sync/secrets-manager-credential-store.ts).
 */
const CHAT_SECRET_ACTIONS = [
  'secretsmanager:GetSecretValue',
  'secretsmanager:PutSecretValue',
  'secretsmanager:UpdateSecretVersionStage',
];

export interface DeliveryWorkerProps {
  readonly stageName: StageName;
  readonly config: WorkerConfig;
  readonly deliveryQueue: IQueue;
  /** Permanent failures are sent here at once, with their reason; retryable ones arrive via maxReceiveCount. */
  readonly deliveryDeadLetterQueue: IQueue;
  /** The delivery queue's redrive setting: the worker records the failure of this receive as dead-lettered. */
  readonly maxReceiveCount: number;
  readonly claimCheckBucket: IBucket;
  readonly tenantDataTable: TableRef;
  readonly idempotencyTable: TableRef;
  readonly deliveryLogTable: TableRef;
  /** Endpoint health records and held deliveries. */
  readonly endpointsTable: TableRef;
  readonly deliveryLogRetentionDays: number;
  readonly secretPrefix: string;
  readonly email: EmailConfig;
  /** ARN of the stage's SES identity: the only identity the worker may send as. */
  readonly emailIdentityArn: string;
  readonly secondaryEmailKey: { readonly secretArn: string; readonly secretName: string };
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * The delivery-worker Lambda on the delivery queue: HTTP (re-signed), email (SES, then the secondary
 * provider) and chat deliveries. It cannot read the inbound queue or webhook signing secrets, writes only
 * integration secrets (rotated refresh tokens), and sends mail only as the stage's identity.
 */
export class DeliveryWorker extends Construct {
  public readonly function: NodejsFunction;

  public constructor(scope: Construct, id: string, props: DeliveryWorkerProps) {
    super(scope, id);
    const { config } = props;

    // Variable names: shared/delivery/config-names.ts, plus DELIVERY_DLQ_URL and MAX_RECEIVE_COUNT, which
    // functions/delivery-worker/env.ts also reads.
    const parts = createConsumerFunction(this, {
      service: 'delivery-worker',
      config,
      queue: props.deliveryQueue,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      environment: {
        STAGE: props.stageName,
        DELIVERY_LOG_TABLE: props.deliveryLogTable.tableName,
        DELIVERY_LOG_RETENTION_DAYS: String(props.deliveryLogRetentionDays),
        IDEMPOTENCY_TABLE: props.idempotencyTable.tableName,
        CLAIM_CHECK_BUCKET: props.claimCheckBucket.bucketName,
        TENANT_TABLE: props.tenantDataTable.tableName,
        SECRET_PREFIX: props.secretPrefix,
        EMAIL_FROM: props.email.fromAddress,
        SECONDARY_EMAIL_URL: props.email.secondaryProviderUrl,
        SECONDARY_EMAIL_KEY_SECRET: props.secondaryEmailKey.secretName,
        SLACK_API_BASE_URL: config.slackApiBaseUrl,
        GRAPH_API_BASE_URL: config.graphApiBaseUrl,
        LINE_WORKS_API_BASE_URL: config.lineWorksApiBaseUrl,
        DELIVERY_PER_ATTEMPT_TIMEOUT_MS: String(config.perAttemptTimeout.toMilliseconds()),
        DELIVERY_DLQ_URL: props.deliveryDeadLetterQueue.queueUrl,
        DELIVERY_QUEUE_URL: props.deliveryQueue.queueUrl,
        MAX_RECEIVE_COUNT: String(props.maxReceiveCount),
        ENDPOINTS_TABLE: props.endpointsTable.tableName,
        ENDPOINT_DISABLE_AFTER_HOURS: String(config.endpointDisableAfterHours),
        ...(config.retrySchedules === undefined
          ? {}
          : { RETRY_SCHEDULES: JSON.stringify(config.retrySchedules) }),
      } satisfies EnvFor<typeof DELIVERY_WORKER_ENV>,
    });
    this.function = parts.function;
    const fn = this.function;

    grantSendMessage(fn, props.deliveryDeadLetterQueue);
    // Retries are re-enqueued on the worker's own queue with a delay (shared/delivery/worker/after-failure.ts).
    grantSendMessage(fn, props.deliveryQueue);
    grantClaimCheckRead(parts, props.claimCheckBucket);
    grantTable(fn, props.tenantDataTable.tableArn, TABLE_ACTIONS.read);
    grantTable(fn, props.idempotencyTable.tableArn, TABLE_ACTIONS.idempotency);
    grantTable(fn, props.deliveryLogTable.tableArn, TABLE_ACTIONS.write);
    grantTable(fn, props.endpointsTable.tableArn, TABLE_ACTIONS.endpoints);
    // SESv2 SendEmail authorizes against the sender identity (no configuration set is used). The worker sends
    // Simple content only (shared/adapters/delivery/ses-email-sender.ts), like the sync report: no SendRawEmail.
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['ses:SendEmail'],
      resourceArns: [props.emailIdentityArn],
    });
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [props.secondaryEmailKey.secretArn],
    });

    const routeSecrets = tenantSecretArnPattern(this, props.secretPrefix, 'routes');
    const chatSecrets = tenantSecretArnPattern(this, props.secretPrefix, 'integrations');
    Grant.addToPrincipal({
      grantee: fn,
      actions: ['secretsmanager:GetSecretValue'],
      resourceArns: [routeSecrets],
    });
    Grant.addToPrincipal({
      grantee: fn,
      actions: CHAT_SECRET_ACTIONS,
      resourceArns: [chatSecrets],
    });
    acknowledgeWildcardResource(
      parts.policy,
      routeSecrets,
      "Route signing secrets are named <prefix>/<tenantId>/routes/<routeId> and end in a random suffix, so no fixed ARN exists; the grant is GetSecretValue only, on this stage's route secrets (not webhook signing secrets or other stages').",
    );
    acknowledgeWildcardResource(
      parts.policy,
      chatSecrets,
      "Chat credentials are named <prefix>/<tenantId>/integrations/<system> and end in a random suffix, so no fixed ARN exists; the grant is Get/PutSecretValue and UpdateSecretVersionStage only (storing the refresh token Microsoft rotates on every Teams token redemption, atomically), on this stage's integration secrets (not webhook or route secrets, not other stages').",
    );
  }

  /** Endpoint state changes (failing, disabled, recovered) are published to the stage's alert topic. */
  public notifyTo(topic: ITopic): void {
    this.function.addEnvironment('ALERT_TOPIC_ARN', topic.topicArn);
    topic.grantPublish(this.function);
  }
}
