import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import { Alarm } from 'aws-cdk-lib/aws-cloudwatch';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { type IQueue, Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.ts';
import { OperatorAlarms } from '../constructs/alarms.ts';
import { DeliveryWorker } from '../constructs/delivery-worker.ts';
import { EventRouter } from '../constructs/event-router.ts';
import { Observability } from '../constructs/observability/observability.ts';
import { SyncAlarms } from '../constructs/sync/sync-alarms.ts';
import { TenantSync } from '../constructs/sync/tenant-sync.ts';
import { WebhookApi } from '../constructs/webhook-api.ts';
import { WebhookReceiver } from '../constructs/webhook-receiver.ts';
import { type StatefulExports, secondaryEmailKeySecretName } from './stateful-stack.ts';

export interface StatelessStackProps extends StackProps {
  readonly config: StageConfig;
  /** The stateful stack's resources, as imports of its named exports. */
  readonly stateful: StatefulExports;
}

/** Code, routing and alarms: safe to replace on every deploy because it holds no data. */
export class StatelessStack extends Stack {
  public readonly api: WebhookApi;
  public readonly receiver: WebhookReceiver;
  public readonly router: EventRouter;
  public readonly worker: DeliveryWorker;
  public readonly alarms: OperatorAlarms;
  public readonly sync: TenantSync;
  public readonly observability: Observability;

  public constructor(scope: Construct, id: string, props: StatelessStackProps) {
    const { config, stateful, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.terminationProtection, ...stackProps });
    // The inbound DLQ comes without a URL: it is only watched here.
    const queue = (
      queueId: string,
      attributes: { queueArn: string; queueName: string; queueUrl?: string },
    ): IQueue => Queue.fromQueueAttributes(this, queueId, attributes);
    const inboundQueue = queue('InboundQueue', stateful.inboundQueue);
    const inboundDeadLetterQueue = queue('InboundDeadLetterQueue', stateful.inboundDeadLetterQueue);
    const deliveryQueue = queue('DeliveryQueue', stateful.deliveryQueue);
    const deliveryDeadLetterQueue = queue('DeliveryDeadLetterQueue', stateful.deliveryDeadLetterQueue);
    const claimCheckBucket = Bucket.fromBucketAttributes(this, 'ClaimCheckBucket', stateful.claimCheckBucket);
    const common = { logRetention: config.logRetention, removalPolicy: config.removalPolicy };

    this.api = new WebhookApi(this, 'WebhookApi', { ...config.api, ...common });
    // The function may reference the API endpoint: the Api resource itself does not depend on the function
    // (only the integration and routes do), so this is no dependency cycle.
    this.receiver = new WebhookReceiver(this, 'Receiver', {
      stageName: config.stageName,
      config: config.receiver,
      inboundQueue,
      claimCheckBucket,
      secretPrefix: config.secretPrefix,
      publicBaseUrl: config.publicBaseUrl ?? this.api.endpoint,
      ...common,
    });
    this.api.addWebhookRoutes(new HttpLambdaIntegration('ReceiverIntegration', this.receiver.function));

    const tables = {
      tenantDataTable: stateful.tenantDataTable,
      idempotencyTable: stateful.idempotencyTable,
      deliveryLogTable: stateful.deliveryLogTable,
      deliveryLogRetentionDays: config.deliveryLogRetentionDays,
    };
    this.router = new EventRouter(this, 'Router', {
      stageName: config.stageName,
      config: config.router,
      inboundQueue,
      deliveryQueue,
      claimCheckBucket,
      ...tables,
      ...common,
    });
    this.worker = new DeliveryWorker(this, 'Worker', {
      stageName: config.stageName,
      config: config.worker,
      deliveryQueue,
      deliveryDeadLetterQueue,
      maxReceiveCount: config.deliveryQueue.maxReceiveCount,
      claimCheckBucket,
      ...tables,
      endpointsTable: stateful.endpointsTable,
      secretPrefix: config.secretPrefix,
      email: config.email,
      emailIdentityArn: stateful.emailIdentityArn,
      secondaryEmailKey: {
        secretArn: stateful.secondaryEmailKeySecretArn,
        secretName: secondaryEmailKeySecretName(config.secretPrefix),
      },
      ...common,
    });
    this.alarms = new OperatorAlarms(this, 'Alarms', {
      stageName: config.stageName,
      config: config.alarms,
      alarmEmail: config.alarmEmail,
      inboundQueue,
      inboundDeadLetterQueue,
      deliveryQueue,
      deliveryDeadLetterQueue,
    });
    this.worker.notifyTo(this.alarms.topic);
    const syncScheduleDlq = queue('SyncScheduleDeadLetterQueue', stateful.syncScheduleDeadLetterQueue);
    this.sync = new TenantSync(this, 'Sync', {
      stageName: config.stageName,
      config: config.sync,
      chatApis: config.worker,
      tenantDataTable: stateful.tenantDataTable,
      masterDataTable: stateful.masterDataTable,
      syncDataTable: stateful.syncDataTable,
      syncBucket: stateful.syncBucket,
      scheduleDeadLetterQueue: syncScheduleDlq,
      secretPrefix: config.secretPrefix,
      emailFrom: config.email.fromAddress,
      emailIdentityArn: stateful.emailIdentityArn,
      ...common,
    });
    const syncAlarms = new SyncAlarms(this, 'SyncAlarms', {
      stateMachine: this.sync.stateMachine,
      scheduleDeadLetterQueue: syncScheduleDlq,
      topic: this.alarms.topic,
    });
    const alarmsOf = (construct: Construct): Alarm[] =>
      construct.node.findAll().filter((c): c is Alarm => c instanceof Alarm);
    this.observability = new Observability(this, 'Observability', {
      stageName: config.stageName,
      config: config.alarms.observability,
      topic: this.alarms.topic,
      httpApi: this.api.httpApi,
      queues: [
        { label: 'inbound', queue: inboundQueue },
        { label: 'inbound DLQ', queue: inboundDeadLetterQueue },
        { label: 'delivery', queue: deliveryQueue },
        { label: 'delivery DLQ', queue: deliveryDeadLetterQueue },
        { label: 'sync schedule DLQ', queue: syncScheduleDlq },
      ],
      syncStateMachine: this.sync.stateMachine,
      otherAlarms: [...alarmsOf(this.alarms), ...alarmsOf(syncAlarms)],
    });

    new CfnOutput(this, 'WebhookBaseUrl', {
      description: 'Providers post to <this>/<provider>/<tenantId>',
      value: `${config.publicBaseUrl ?? this.api.endpoint}/webhooks`,
    });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn });
    new CfnOutput(this, 'DashboardName', { value: this.observability.dashboard.dashboardName });
    new CfnOutput(this, 'SyncStateMachineArn', { value: this.sync.stateMachine.stateMachineArn });
  }
}
