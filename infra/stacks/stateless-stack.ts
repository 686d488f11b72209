import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.ts';
import { WebhookApi } from '../constructs/webhook-api.ts';
import { WebhookReceiver } from '../constructs/webhook-receiver.ts';
import type { StatefulExports } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stateful stack's resources, as imports of its named exports. */
  readonly stateful: StatefulExports;
}

/** Code and routing: safe to replace on every deploy because it holds no data. */
export class StatelessStack extends Stack {
  public readonly api: WebhookApi;
  public readonly receiver: WebhookReceiver;

  public constructor(scope: Construct, id: string, props: StatelessStackProps) {
    const { config, stateful, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.terminationProtection, ...stackProps });
    const inboundQueue = Queue.fromQueueAttributes(this, 'InboundQueue', stateful.inboundQueue);
    const claimCheckBucket = Bucket.fromBucketAttributes(this, 'ClaimCheckBucket', stateful.claimCheckBucket);

    this.api = new WebhookApi(this, 'WebhookApi', {
      ...config.api,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    // The function may reference the API endpoint: the Api resource itself does not depend on the function
    // (only the integration and routes do), so this is no dependency cycle.
    this.receiver = new WebhookReceiver(this, 'Receiver', {
      stageName: config.stageName,
      config: config.receiver,
      inboundQueue,
      claimCheckBucket,
      secretPrefix: config.secretPrefix,
      publicBaseUrl: config.publicBaseUrl ?? this.api.endpoint,
      logRetention: config.logRetention,
      removalPolicy: config.removalPolicy,
    });
    this.api.addWebhookRoutes(new HttpLambdaIntegration('ReceiverIntegration', this.receiver.function));

    new CfnOutput(this, 'WebhookBaseUrl', {
      description: 'Providers post to <this>/<provider>/<tenantId>',
      value: `${config.publicBaseUrl ?? this.api.endpoint}/webhooks`,
    });
  }
}
