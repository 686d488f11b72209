import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryRequeue, Requeued } from '../../delivery/worker/ports.ts';

/** The delivery queue on SQS: a re-enqueued delivery is a new message with `DelaySeconds`. */
export class SqsDeliveryRequeue implements DeliveryRequeue {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async requeue(message: Requeued): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(message.attributes)) {
      attributes[name] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: message.body,
        DelaySeconds: message.delaySeconds,
        ...(Object.keys(attributes).length > 0 && { MessageAttributes: attributes }),
      }),
    );
  }
}
