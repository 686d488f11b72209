import { type Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface InboundQueuesProps {
  /** Physical name of the inbound queue; see the constructor for why it is named. */
  readonly queueName: string;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  readonly maxReceiveCount: number;
  readonly dlqRetentionPeriod: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/** The queue the receiver makes webhooks durable in, and its dead-letter queue. */
export class InboundQueues extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  public constructor(scope: Construct, id: string, props: InboundQueuesProps) {
    super(scope, id);

    // The DLQ may only be used by the inbound queue, but the inbound queue's redrive policy already points
    // at the DLQ: referencing the queue's generated ARN here would be a CloudFormation dependency cycle.
    // Naming the inbound queue lets us build its ARN from pseudo parameters instead.
    const inboundQueueArn = Stack.of(this).formatArn({ service: 'sqs', resource: props.queueName });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.dlqRetentionPeriod,
      redriveAllowPolicy: {
        redrivePermission: RedrivePermission.BY_QUEUE,
        sourceQueues: [Queue.fromQueueArn(this, 'InboundQueueRef', inboundQueueArn)],
      },
      removalPolicy: props.removalPolicy,
    });

    this.queue = new Queue(this, 'Queue', {
      queueName: props.queueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: props.visibilityTimeout,
      retentionPeriod: props.retentionPeriod,
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: props.maxReceiveCount },
      removalPolicy: props.removalPolicy,
    });
  }
}
