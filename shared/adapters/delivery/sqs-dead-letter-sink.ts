import { type MessageAttributeValue, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeadLetter, DeadLetterSink } from '../../delivery/worker/ports.ts';

/** The delivery DLQ on SQS: the original body, the reason as String message attributes. */
export class SqsDeadLetterSink implements DeadLetterSink {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async send(letter: DeadLetter): Promise<void> {
    const attributes: Record<string, MessageAttributeValue> = {};
    for (const [name, value] of Object.entries(letter.attributes)) {
      attributes[name] = { DataType: 'String', StringValue: value };
    }
    await this.client.send(
      new SendMessageCommand({
        QueueUrl: this.queueUrl,
        MessageBody: letter.body,
        MessageAttributes: attributes,
      }),
    );
  }
}
