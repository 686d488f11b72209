import {
  ChangeMessageVisibilityBatchCommand,
  type Message,
  ReceiveMessageCommand,
  type SQSClient,
} from '@aws-sdk/client-sqs';

/** A message of the delivery DLQ, decoded enough to say which delivery it is and why it is there. */
export interface DeadLetter {
  readonly message_id: string;
  readonly delivery_id: string | null;
  readonly event_id: string | null;
  readonly route_id: string | null;
  /** String message attributes: the router's (tenant_id, route_id, …) and the worker's failure reason. */
  readonly attributes: Readonly<Record<string, string>>;
}

const decode = (message: Message): DeadLetter => {
  let body: { delivery_id?: unknown; route_id?: unknown; event?: { event_id?: unknown } } = {};
  try {
    body = JSON.parse(message.Body ?? '{}');
  } catch {
    // Not a delivery message: still listed, by id and attributes.
  }
  const text = (value: unknown) => (typeof value === 'string' ? value : null);
  const attributes: Record<string, string> = {};
  for (const [name, value] of Object.entries(message.MessageAttributes ?? {})) {
    if (value.StringValue !== undefined) attributes[name] = value.StringValue;
  }
  return {
    message_id: message.MessageId ?? '',
    delivery_id: text(body.delivery_id),
    event_id: text(body.event?.event_id),
    route_id: text(body.route_id) ?? attributes.route_id ?? null,
    attributes,
  };
};

/**
 * Reads every message of a DLQ without deleting any. Each one stays hidden while the rest are read (so a long
 * DLQ is not handed out twice and paging ends), then all are made visible again at once. The hide must outlast
 * the whole read: with a short one, the first messages come back mid-read and the list stops early. Not `0`
 * either: local-aws-sqs then hands the same message out several times in one answer.
 */
export const peekDeadLetters = async (
  client: SQSClient,
  queueUrl: string,
  hideSeconds = 60,
): Promise<DeadLetter[]> => {
  const seen = new Map<string, DeadLetter>();
  const receipts: string[] = [];
  try {
    for (;;) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: hideSeconds,
          MessageAttributeNames: ['All'],
          AttributeNames: ['All'],
        }),
      );
      const fresh = Messages.filter((m) => m.MessageId && !seen.has(m.MessageId));
      if (fresh.length === 0) return [...seen.values()];
      for (const message of fresh) {
        seen.set(message.MessageId!, decode(message));
        if (message.ReceiptHandle) receipts.push(message.ReceiptHandle);
      }
    }
  } finally {
    await showAgain(client, queueUrl, receipts);
  }
};

/** Ends the hide of every message read; one that was deleted meanwhile is simply not there any more. */
const showAgain = async (client: SQSClient, queueUrl: string, receipts: readonly string[]): Promise<void> => {
  for (let i = 0; i < receipts.length; i += 10) {
    const entries = receipts
      .slice(i, i + 10)
      .map((handle, index) => ({ Id: String(index), ReceiptHandle: handle, VisibilityTimeout: 0 }));
    await client.send(new ChangeMessageVisibilityBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
  }
};
