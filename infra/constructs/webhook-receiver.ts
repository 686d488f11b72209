import type { RemovalPolicy } from 'aws-cdk-lib';
import { Grant, type Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { RECEIVER_ENV } from '../../functions/webhook-receiver/env.ts';
import type { EnvFor } from '../../shared/kernel/env-contract.ts';
import type { ReceiverConfig, StageName } from '../config/stages.ts';
import { acknowledgeWildcardResource } from './nag.ts';
import { createNodeFunction } from './node-function.ts';
import { grantSendMessage } from './queue-grants.ts';
import { tenantSecretArnPattern } from './secret-patterns.ts';

export interface WebhookReceiverProps {
  readonly stageName: StageName;
  readonly config: ReceiverConfig;
  readonly inboundQueue: IQueue;
  readonly claimCheckBucket: IBucket;
  readonly secretPrefix: string;
  /** Base URL providers call (custom domain or the API endpoint); signature schemes that sign the URL need it. */
  readonly publicBaseUrl: string;
  readonly logRetention: RetentionDays;
  readonly removalPolicy: RemovalPolicy;
}

/** The webhook-receiver Lambda with a least-privilege role of its own. */
export class WebhookReceiver extends Construct {
  public readonly function: NodejsFunction;

  public constructor(scope: Construct, id: string, props: WebhookReceiverProps) {
    super(scope, id);
    const { config } = props;

    const { function: fn, policy } = createNodeFunction(this, {
      service: 'webhook-receiver',
      memorySize: config.memorySize,
      timeout: config.timeout,
      reservedConcurrency: config.reservedConcurrency,
      logLevel: config.logLevel,
      logRetention: props.logRetention,
      removalPolicy: props.removalPolicy,
      environment: {
        STAGE: props.stageName,
        INBOUND_QUEUE_URL: props.inboundQueue.queueUrl,
        CLAIM_CHECK_BUCKET: props.claimCheckBucket.bucketName,
        SECRET_PREFIX: props.secretPrefix,
        PUBLIC_BASE_URL: props.publicBaseUrl,
        MAX_BODY_BYTES: String(config.maxBodyBytes),
        CLAIM_CHECK_THRESHOLD_BYTES: String(config.claimCheckThresholdBytes),
        SECRET_CACHE_SECONDS: String(config.secretCacheSeconds),
      } satisfies EnvFor<typeof RECEIVER_ENV>,
    });
    this.function = fn;

    this.grantDataAccess(props);
    this.acknowledgeFindings(policy, props);
  }

  private grantDataAccess(props: WebhookReceiverProps): void {
    grantSendMessage(this.function, props.inboundQueue);
    // PutObject only: the receiver never reads, lists, tags or deletes claim-checked bodies.
    Grant.addToPrincipal({
      grantee: this.function,
      actions: ['s3:PutObject'],
      resourceArns: [props.claimCheckBucket.arnForObjects('*')],
    });
    // Webhook signing secrets only: the receiver cannot read a tenant's other credentials (routes, chat).
    this.function.addToRolePolicy(
      new PolicyStatement({
        actions: ['secretsmanager:GetSecretValue'],
        resources: [tenantSecretArnPattern(this, props.secretPrefix, 'webhooks')],
      }),
    );
  }

  private acknowledgeFindings(policy: Policy, props: WebhookReceiverProps): void {
    acknowledgeWildcardResource(
      policy,
      props.claimCheckBucket.arnForObjects('*'),
      'Claim-check object keys are per event (tenant/provider/day/event id); the grant is s3:PutObject only, on this one bucket.',
    );
    acknowledgeWildcardResource(
      policy,
      tenantSecretArnPattern(this, props.secretPrefix, 'webhooks'),
      "Webhook signing secrets are named <prefix>/<tenantId>/webhooks/<provider> and end in a random suffix, so no fixed ARN exists; the grant is GetSecretValue only, on this stage's webhook signing secrets (not route or integration secrets, not other stages').",
    );
  }
}
