import {
  DeleteMessageBatchCommand,
  type Message,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { type EventEnvelope, parseEnvelope } from '../../shared/webhooks/envelope-schema.ts';

/** A message read back from the local inbound queue: the parsed envelope and its string attributes. */
export interface ReceivedEvent {
  readonly envelope: EventEnvelope;
  readonly attributes: Record<string, string>;
  readonly receiveCount: number;
}

/** Reads what the receiver enqueued, through the real SDK against the local SQS stand-in. */
export class InboundQueueReader {
  private readonly client: SQSClient;

  public constructor(
    endpoint: string,
    private readonly queueUrl: string,
  ) {
    this.client = new SQSClient({
      endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
  }

  /** Receives and deletes every visible message. A 202 means the event is already durable, so no wait is needed. */
  public async drain(waitSeconds = 0): Promise<ReceivedEvent[]> {
    const events: ReceivedEvent[] = [];
    for (let wait = waitSeconds; ; wait = 0) {
      const messages = await this.receive(wait);
      if (messages.length === 0) return events;
      events.push(...messages.map(toReceivedEvent));
      await this.client.send(
        new DeleteMessageBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
        }),
      );
    }
  }

  /** Exactly one message is expected; returns it and leaves the queue empty. */
  public async receiveOnly(): Promise<ReceivedEvent> {
    const events = await this.drain();
    if (events.length !== 1)
      throw new Error(`expected one message in the inbound queue, found ${events.length}`);
    return events[0]!;
  }

  public close(): void {
    this.client.destroy();
  }

  private async receive(waitSeconds: number): Promise<Message[]> {
    const { Messages = [] } = await this.client.send(
      new ReceiveMessageCommand({
        QueueUrl: this.queueUrl,
        MaxNumberOfMessages: 10,
        WaitTimeSeconds: waitSeconds,
        MessageAttributeNames: ['All'],
        // local-aws-sqs ignores MessageSystemAttributeNames; the deprecated name is the one it reads.
        AttributeNames: ['All'],
      }),
    );
    return Messages;
  }
}

const toReceivedEvent = (message: Message): ReceivedEvent => {
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.DataType === 'String' && value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  return {
    envelope: parseEnvelope(message.Body ?? ''),
    attributes,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 0),
  };
};
