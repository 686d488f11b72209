import { type Duration, type RemovalPolicy, Stack } from 'aws-cdk-lib';
import { Queue, QueueEncryption, RedrivePermission } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface QueueWithDlqProps {
  /** Physical name of the work queue; see the constructor for why it is named. */
  readonly queueName: string;
  /** Physical name of the DLQ; generated when unset (the inbound DLQ predates naming and keeps its name). */
  readonly deadLetterQueueName?: string;
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  readonly maxReceiveCount: number;
  readonly dlqRetentionPeriod: Duration;
  readonly removalPolicy: RemovalPolicy;
}

/**
 * A work queue and the dead-letter queue that only it may use: SQS-managed encryption, TLS enforced, messages
 * moved to the DLQ after `maxReceiveCount` receives. Used for the inbound and the delivery queue.
 */
export class QueueWithDlq extends Construct {
  public readonly queue: Queue;
  public readonly deadLetterQueue: Queue;

  public constructor(scope: Construct, id: string, props: QueueWithDlqProps) {
    super(scope, id);

    // The DLQ may only be used by the work queue, but the work queue's redrive policy already points at the
    // DLQ: referencing the queue's generated ARN here would be a CloudFormation dependency cycle. Naming the
    // work queue lets us build its ARN from pseudo parameters instead.
    const queueArn = Stack.of(this).formatArn({ service: 'sqs', resource: props.queueName });

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      queueName: props.deadLetterQueueName,
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: props.dlqRetentionPeriod,
      redriveAllowPolicy: {
        redrivePermission: RedrivePermission.BY_QUEUE,
        sourceQueues: [Queue.fromQueueArn(this, 'QueueRef', queueArn)],
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
