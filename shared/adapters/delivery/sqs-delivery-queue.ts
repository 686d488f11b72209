import { type MessageAttributeValue, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryMessage } from '../../delivery/delivery-message.ts';
import { describeError } from '../../kernel/errors.ts';
import type { EnqueueFailure } from '../../routing/errors.ts';
import type { DeliveryQueue, SendBatchResult } from '../../routing/ports.ts';
import { MAX_BATCH_BYTES, messageBytes, planBatches, type SizedEntry } from './sqs-batches.ts';

const attribute = (value: string): MessageAttributeValue => ({ DataType: 'String', StringValue: value });

/** Attributes let the worker, DLQ tools and operators filter delivery messages without parsing bodies. */
export const deliveryAttributes = (message: DeliveryMessage): Record<string, MessageAttributeValue> => {
  const { event } = message;
  const attributes: Record<string, MessageAttributeValue> = {
    tenant_id: attribute(event.tenant_id),
    provider: attribute(event.provider),
    route_id: attribute(message.route_id),
    destination_type: attribute(message.destination.type),
    trace_id: attribute(event.trace_id),
  };
  // SQS rejects empty attribute values, so an event without a type carries no attribute for it.
  if (event.event_type) attributes.event_type = attribute(event.event_type.slice(0, 256));
  return attributes;
};

// Batch entry ids must be unique within a call and match [A-Za-z0-9_-]{1,80}; delivery ids may not.
const entryId = (index: number): string => `m${index}`;

const failure = (message: DeliveryMessage, code: string, text: string): EnqueueFailure => ({
  delivery_id: message.delivery_id,
  code,
  message: text,
});

/** Sends delivery messages with SendMessageBatch (≤ 10 entries, ≤ 1 MiB per call) and reports each failure. */
export class SqsDeliveryQueue implements DeliveryQueue {
  public constructor(
    private readonly client: SQSClient,
    private readonly queueUrl: string,
  ) {}

  public async sendBatch(messages: readonly DeliveryMessage[]): Promise<SendBatchResult> {
    const byId = new Map<string, DeliveryMessage>();
    const sized: SizedEntry[] = messages.map((message, index) => {
      const entry = {
        Id: entryId(index),
        MessageBody: JSON.stringify(message),
        MessageAttributes: deliveryAttributes(message),
      };
      byId.set(entry.Id, message);
      return { entry, bytes: messageBytes(entry.MessageBody, entry.MessageAttributes) };
    });
    const tooLong = sized
      .filter(({ bytes }) => bytes > MAX_BATCH_BYTES)
      .map(({ entry, bytes }) =>
        failure(
          byId.get(entry.Id!)!,
          'MessageTooLong',
          `${bytes} bytes is over the ${MAX_BATCH_BYTES}-byte limit`,
        ),
      );
    // Batches go out concurrently: they are independent, and one after another the latencies would add up.
    const results = await Promise.all(planBatches(sized).map((batch) => this.send(batch, byId)));
    return { failures: [...tooLong, ...results.flat()] };
  }

  private async send(
    batch: readonly SizedEntry[],
    byId: Map<string, DeliveryMessage>,
  ): Promise<EnqueueFailure[]> {
    const messageOf = (id: string | undefined): DeliveryMessage => byId.get(id ?? '')!;
    try {
      const { Successful = [], Failed = [] } = await this.client.send(
        new SendMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map(({ entry }) => entry) }),
      );
      const failures = Failed.filter((f) => byId.has(f.Id ?? '')).map((f) =>
        failure(messageOf(f.Id), f.Code ?? 'Unknown', f.Message ?? 'no message'),
      );
      const answered = new Set([...Successful, ...Failed].map((r) => r.Id));
      // An entry the answer does not mention is not known to be on the queue, so it counts as failed.
      const unanswered = batch
        .filter(({ entry }) => !answered.has(entry.Id))
        .map(({ entry }) => failure(messageOf(entry.Id), 'NotAcknowledged', 'missing from the batch answer'));
      return [...failures, ...unanswered];
    } catch (error) {
      const code = error instanceof Error ? error.name : 'Unknown';
      return batch.map(({ entry }) => failure(messageOf(entry.Id), code, describeError(error)));
    }
  }
}
