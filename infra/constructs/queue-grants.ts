import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

/**
 * sqs:SendMessage on one queue, which also authorizes SendMessageBatch. `queue.grantSendMessages` adds
 * GetQueueAttributes and GetQueueUrl, which no function calls: each gets its queue URL through its environment.
 * The queues use SQS-managed encryption, so no KMS grant is needed.
 */
export const grantSendMessage = (grantee: IGrantable, queue: IQueue): void => {
  Grant.addToPrincipal({ grantee, actions: ['sqs:SendMessage'], resourceArns: [queue.queueArn] });
};
