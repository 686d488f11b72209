import { CfnOutput, Fn, Stack, type StackProps } from 'aws-cdk-lib';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import type { StageConfig } from '../config/stages.ts';
import { ClaimCheckBucket } from '../constructs/claim-check-bucket.ts';
import { InboundQueues } from '../constructs/inbound-queues.ts';

export interface StatefulStackProps extends StackProps {
  readonly config: StageConfig;
}

/**
 * What other stacks may use, as `Fn::ImportValue`s of explicitly named exports. Named exports keep the
 * consumers' templates (and the nag acknowledgements on their IAM policies) independent of CDK's generated
 * export names, which change whenever a construct path does.
 */
export interface StatefulExports {
  readonly inboundQueue: { readonly queueArn: string; readonly queueUrl: string; readonly queueName: string };
  readonly claimCheckBucket: { readonly bucketArn: string; readonly bucketName: string };
}

/**
 * Everything that holds data (queues, buckets). Kept apart from the stateless stack so that code deploys
 * never replace them; construct ids here are part of the logical ids and must not change (tested).
 */
export class StatefulStack extends Stack {
  public readonly inboundQueue: Queue;
  public readonly inboundDeadLetterQueue: Queue;
  public readonly claimCheckBucket: Bucket;
  public readonly exports: StatefulExports;

  public constructor(scope: Construct, id: string, props: StatefulStackProps) {
    const { config, ...stackProps } = props;
    super(scope, id, { terminationProtection: config.terminationProtection, ...stackProps });

    const queues = new InboundQueues(this, 'Inbound', {
      queueName: `tsunagi-${config.stageName}-inbound`,
      ...config.inboundQueue,
      removalPolicy: config.removalPolicy,
    });
    const claimCheck = new ClaimCheckBucket(this, 'ClaimCheck', {
      ...config.claimCheck,
      removalPolicy: config.removalPolicy,
    });
    this.inboundQueue = queues.queue;
    this.inboundDeadLetterQueue = queues.deadLetterQueue;
    this.claimCheckBucket = claimCheck.bucket;

    this.exports = {
      inboundQueue: {
        queueArn: this.share('InboundQueueArn', queues.queue.queueArn),
        queueUrl: this.share('InboundQueueUrl', queues.queue.queueUrl),
        queueName: this.share('InboundQueueName', queues.queue.queueName),
      },
      claimCheckBucket: {
        bucketArn: this.share('ClaimCheckBucketArn', claimCheck.bucket.bucketArn),
        bucketName: this.share('ClaimCheckBucketName', claimCheck.bucket.bucketName),
      },
    };
    // Not consumed by other stacks, but operators (ops CLI, runbooks) need it next to the others.
    new CfnOutput(this, 'InboundDeadLetterQueueUrl', { value: queues.deadLetterQueue.queueUrl });
  }

  /** An output with a stable export name, returned as the import other stacks should use. */
  private share(id: string, value: string): string {
    const exportName = `${this.stackName}:${id}`;
    new CfnOutput(this, id, { value, exportName });
    return Fn.importValue(exportName);
  }
}
