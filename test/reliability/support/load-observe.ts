import { type DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { GetQueueAttributesCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type DeadLetter, peekDeadLetters } from '../../../infra/local/delivery-dlq.ts';
import type { LocalPlatform } from '../../../infra/local/platform.ts';
import { isDeliverySk, toDeliveryRecord } from '../../../shared/adapters/delivery/delivery-log-items.ts';
import type { DeliveryRecord } from '../../../shared/delivery/delivery-log.ts';
import { deliveryLetter, type Letter } from './load-reconcile.ts';

/**
 * Reads the platform's queues and delivery log from outside, as an operator would: the DLQs (peeked, never
 * drained), the queue depths, and the delivery log table.
 */

const HIDE_SECONDS = 20;

/** Every letter seen so far in either DLQ; sightings accumulate across polls. */
export class DeadLetterWatch {
  private readonly delivery = new Map<string, DeadLetter>();
  private readonly inbound = new Map<string, Letter>();

  public constructor(
    private readonly sqs: SQSClient,
    private readonly platform: LocalPlatform,
  ) {}

  public async poll(): Promise<void> {
    for (const letter of await peekDeadLetters(this.sqs, this.platform.queueUrls.deliveryDlq))
      this.delivery.set(letter.message_id, letter);
    for (;;) {
      const { Messages = [] } = await this.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: this.platform.queueUrls.inboundDlq,
          MaxNumberOfMessages: 10,
          VisibilityTimeout: HIDE_SECONDS,
          MessageAttributeNames: ['All'],
        }),
      );
      const fresh = Messages.filter((m) => m.MessageId && !this.inbound.has(m.MessageId));
      if (fresh.length === 0) return;
      for (const m of fresh) {
        const eventId = (JSON.parse(m.Body ?? '{}') as { event_id?: string }).event_id ?? '';
        const reason = m.MessageAttributes?.failure_code?.StringValue ?? null;
        this.inbound.set(m.MessageId!, { queue: 'inbound', event_id: eventId, reason });
      }
    }
  }

  /** The letters, a redriven delivery's reason taken from its delivery log record (`last_error.code`). */
  public letters(log: ReadonlyMap<string, DeliveryRecord>): Letter[] {
    const fromDelivery = [...this.delivery.values()].flatMap((raw) => {
      const letter = deliveryLetter(raw);
      if (!letter) return [];
      const logged = log.get(letter.event_id);
      const reason = letter.reason ?? (logged?.status === 'dead_lettered' ? logged.last_error?.code : null);
      return [{ ...letter, reason: reason ?? null }];
    });
    return [...fromDelivery, ...this.inbound.values()];
  }

  public eventIds(): Set<string> {
    const ids = [...this.delivery.values()].map((l) => l.event_id ?? '');
    return new Set([...ids, ...[...this.inbound.values()].map((l) => l.event_id)]);
  }
}

/** Messages still on the inbound and delivery queues, visible or in flight. */
export const queuedMessages = async (
  sqs: SQSClient,
  platform: LocalPlatform,
): Promise<{ inbound: number; delivery: number }> => {
  const depth = async (QueueUrl: string) => {
    const { Attributes = {} } = await sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl,
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    return (
      Number(Attributes.ApproximateNumberOfMessages ?? 0) +
      Number(Attributes.ApproximateNumberOfMessagesNotVisible ?? 0)
    );
  };
  return {
    inbound: await depth(platform.queueUrls.inbound),
    delivery: await depth(platform.queueUrls.delivery),
  };
};

/** The delivery records of one tenant × route in the delivery log, by event id (one full scan). */
export const deliveryRecords = async (
  dynamo: DynamoDBClient,
  platform: LocalPlatform,
  tenantId: string,
  routeId: string,
): Promise<Map<string, DeliveryRecord>> => {
  const records = new Map<string, DeliveryRecord>();
  const pages = paginateScan(
    { client: dynamo, pageSize: 1000 },
    {
      TableName: platform.tables.deliveryLog,
      FilterExpression: 'tenant_id = :tenant AND route_id = :route',
      ExpressionAttributeValues: { ':tenant': { S: tenantId }, ':route': { S: routeId } },
    },
  );
  for await (const page of pages) {
    for (const item of page.Items ?? []) {
      const raw = unmarshall(item);
      if (typeof raw.sk === 'string' && isDeliverySk(raw.sk)) {
        const record = toDeliveryRecord(raw);
        records.set(record.event_id, record);
      }
    }
  }
  return records;
};
