import { type MessageAttributeValue, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { DeliveryLog, FailureReason } from '../../shared/delivery/delivery-log.ts';
import { deadLetterOf } from '../../shared/delivery/worker/dead-letter.ts';
import { freshEvent, httpDelivery } from '../delivery/fixtures.ts';

/** The tenant the benchmark's filter selects; the others' messages must stay in the DLQ. */
export const MATCHING_TENANT = 'acme';
const OTHER_TENANTS = ['globex', 'initech'] as const;
const ROUTE_ID = 'orders';

export interface DeadLetterMix {
  readonly total: number;
  /** Messages of `MATCHING_TENANT`: three in five, spread evenly through the queue. */
  readonly matching: number;
  /** Event ids of the matching messages, to check the destination holds exactly these. */
  readonly matchingEventIds: ReadonlySet<string>;
}

const failure = (code: string, status: number): FailureReason => ({
  code,
  message: `destination answered HTTP ${status}`,
  attempts: 3,
  last_status: status,
  failed_at: new Date().toISOString(),
});

const stringAttributes = (values: Readonly<Record<string, string>>): Record<string, MessageAttributeValue> =>
  Object.fromEntries(
    Object.entries(values).map(([name, value]) => [name, { DataType: 'String', StringValue: value }]),
  );

/**
 * Fills a DLQ with `total` delivery dead letters as the platform leaves them: every other one through the
 * worker's permanent-failure path (reason in the attributes), the rest through SQS's own retry exhaustion
 * (router attributes only, the reason in the delivery log, so reading it costs a lookup).
 */
export const fillDeadLetters = async (
  sqs: SQSClient,
  dlqUrl: string,
  log: DeliveryLog,
  total: number,
): Promise<DeadLetterMix> => {
  const matchingEventIds = new Set<string>();
  const entries: {
    Id: string;
    MessageBody: string;
    MessageAttributes: Record<string, MessageAttributeValue>;
  }[] = [];
  const logged: Promise<void>[] = [];
  for (let n = 0; n < total; n += 1) {
    const matches = n % 5 < 3;
    const tenant = matches ? MATCHING_TENANT : OTHER_TENANTS[n % 2]!;
    const event = { ...freshEvent(), tenant_id: tenant, provider: 'stripe' as const };
    if (matches) matchingEventIds.add(event.event_id);
    const body = JSON.stringify(httpDelivery(event, 'https://backend.example.test/hook', ROUTE_ID));
    const carried = {
      tenant_id: tenant,
      route_id: ROUTE_ID,
      provider: 'stripe',
      event_type: 'order.created',
    };
    let attributes: Record<string, string> = carried;
    if (n % 2 === 0) attributes = deadLetterOf(body, failure('client_error', 400), carried).attributes;
    else {
      logged.push(
        log.recordDelivery({
          event_id: event.event_id,
          route_id: ROUTE_ID,
          tenant_id: tenant,
          destination_type: 'http',
          status: 'retrying',
          attempts: 3,
          receive_count: 3,
          latencies_ms: [10, 10, 10],
          last_status: 503,
          last_error: failure('server_error', 503),
          updated_at: new Date().toISOString(),
        }),
      );
    }
    entries.push({ Id: String(n), MessageBody: body, MessageAttributes: stringAttributes(attributes) });
  }
  for (let i = 0; i < entries.length; i += 10) {
    const { Failed } = await sqs.send(
      new SendMessageBatchCommand({ QueueUrl: dlqUrl, Entries: entries.slice(i, i + 10) }),
    );
    if (Failed?.length)
      throw new Error(`filling the DLQ: ${Failed.length} sends failed (${Failed[0]?.Message})`);
  }
  await Promise.all(logged);
  return { total, matching: matchingEventIds.size, matchingEventIds };
};
