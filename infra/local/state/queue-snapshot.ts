import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import {
  GetQueueAttributesCommand,
  type MessageAttributeValue,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import * as z from 'zod';
import type { LocalQueueName, LocalQueueUrls } from '../sqs.ts';

/**
 * The queues' contents across a restart. local-aws-sqs keeps messages in memory only, so when an instance
 * stops (after its consumers stopped) every visible message is received, written to `queues.json`, and sent
 * again when the instance starts. What the SQS API cannot hand out is not kept: messages still delayed (a
 * retry waiting for its next attempt) or in flight, which are counted instead. Restored messages are new
 * messages to SQS: a new id, sent time and receive count; body and message attributes are kept.
 */

const AttributeSchema = z.object({
  DataType: z.string(),
  StringValue: z.string().optional(),
  /** Base64 of a binary value. */
  BinaryValue: z.string().optional(),
});

const SavedMessageSchema = z.object({
  body: z.string(),
  attributes: z.record(z.string(), AttributeSchema),
});

const SnapshotSchema = z.object({
  savedAt: z.string(),
  queues: z.partialRecord(
    z.enum(['inbound', 'inboundDlq', 'delivery', 'deliveryDlq']),
    z.array(SavedMessageSchema),
  ),
  notKept: z.object({ delayed: z.number(), inFlight: z.number() }),
});
type SavedMessage = z.infer<typeof SavedMessageSchema>;

export type QueueCounts = Partial<Record<LocalQueueName, number>>;

export interface SavedQueues {
  readonly kept: QueueCounts;
  /** Messages the SQS API could not hand out at stop: delayed retries and messages in flight. */
  readonly notKept: { readonly delayed: number; readonly inFlight: number };
}

const clientFor = (endpoint: string, region: string) =>
  new SQSClient({ endpoint, region, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });

const toSaved = (value: MessageAttributeValue): z.infer<typeof AttributeSchema> => ({
  DataType: value.DataType ?? 'String',
  ...(value.StringValue === undefined ? {} : { StringValue: value.StringValue }),
  ...(value.BinaryValue === undefined
    ? {}
    : { BinaryValue: Buffer.from(value.BinaryValue).toString('base64') }),
});

const fromSaved = (value: z.infer<typeof AttributeSchema>): MessageAttributeValue => ({
  DataType: value.DataType,
  ...(value.StringValue === undefined ? {} : { StringValue: value.StringValue }),
  ...(value.BinaryValue === undefined ? {} : { BinaryValue: Buffer.from(value.BinaryValue, 'base64') }),
});

/** Receives every visible message of one queue, hiding each for an hour so none is read twice. */
const drain = async (client: SQSClient, url: string): Promise<SavedMessage[]> => {
  const seen = new Set<string>();
  const saved: SavedMessage[] = [];
  for (;;) {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({
        QueueUrl: url,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 3_600,
        WaitTimeSeconds: 0,
        MessageAttributeNames: ['All'],
      }),
    );
    const fresh = Messages.filter((m) => m.MessageId !== undefined && !seen.has(m.MessageId));
    if (fresh.length === 0) return saved;
    for (const message of fresh) {
      seen.add(message.MessageId!);
      const attributes = Object.fromEntries(
        Object.entries(message.MessageAttributes ?? {}).map(([name, value]) => [name, toSaved(value)]),
      );
      saved.push({ body: message.Body ?? '', attributes });
    }
  }
};

const countOf = async (client: SQSClient, url: string, name: string): Promise<number> => {
  const { Attributes = {} } = await client.send(
    new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: [name as never] }),
  );
  return Number(Attributes[name as keyof typeof Attributes] ?? 0) || 0;
};

/** Writes every queue's visible messages to `file`; call after the consumers stopped. */
export const saveQueues = async (
  endpoint: string,
  region: string,
  urls: LocalQueueUrls,
  file: string,
): Promise<SavedQueues> => {
  const client = clientFor(endpoint, region);
  try {
    const notKept = { delayed: 0, inFlight: 0 };
    const queues: Partial<Record<LocalQueueName, SavedMessage[]>> = {};
    for (const [name, url] of Object.entries(urls) as [LocalQueueName, string][]) {
      // Counted first: the messages drained below become "not visible" themselves.
      notKept.delayed += await countOf(client, url, 'ApproximateNumberOfMessagesDelayed');
      notKept.inFlight += await countOf(client, url, 'ApproximateNumberOfMessagesNotVisible');
      queues[name] = await drain(client, url);
    }
    const snapshot = { savedAt: new Date().toISOString(), queues, notKept };
    const temporary = `${file}.${process.pid}.tmp`;
    await writeFile(temporary, `${JSON.stringify(snapshot)}\n`);
    await rename(temporary, file);
    const kept = Object.fromEntries(Object.entries(queues).map(([name, list]) => [name, list.length]));
    return { kept, notKept };
  } finally {
    client.destroy();
  }
};

/**
 * Sends the saved messages again and removes the file (a message must not come back twice); null when there
 * was nothing saved. A file that does not parse is left in place and reported.
 */
export const restoreQueues = async (
  endpoint: string,
  region: string,
  urls: LocalQueueUrls,
  file: string,
): Promise<QueueCounts | null> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return null;
  }
  const snapshot = SnapshotSchema.parse(JSON.parse(text));
  const client = clientFor(endpoint, region);
  try {
    const counts: QueueCounts = {};
    for (const [name, messages] of Object.entries(snapshot.queues) as [LocalQueueName, SavedMessage[]][]) {
      for (let i = 0; i < messages.length; i += 10) {
        const batch = messages.slice(i, i + 10);
        const { Failed = [] } = await client.send(
          new SendMessageBatchCommand({
            QueueUrl: urls[name],
            Entries: batch.map((message, j) => ({
              Id: String(j),
              MessageBody: message.body,
              MessageAttributes: Object.fromEntries(
                Object.entries(message.attributes).map(([key, value]) => [key, fromSaved(value)]),
              ),
            })),
          }),
        );
        if (Failed.length > 0) throw new Error(`restoring ${name}: ${Failed[0]?.Message ?? 'send failed'}`);
      }
      counts[name] = messages.length;
    }
    await rm(file, { force: true });
    return counts;
  } finally {
    client.destroy();
  }
};
