import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqsEventQueue } from '../../../../shared/adapters/webhooks/sqs-event-queue.ts';
import type { EventEnvelope } from '../../../../shared/webhooks/envelope.ts';
import { DurabilityError } from '../../../../shared/webhooks/errors.ts';

const envelope = (eventType: string | null): EventEnvelope => ({
  version: 1,
  event_id: 'evt_1',
  provider: 'stripe',
  tenant_id: 'acme',
  provider_event_id: 'evt_stripe_1',
  event_type: eventType,
  received_at: '2026-11-23T06:00:00.000Z',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  content_type: 'application/json',
  headers: {},
  body: { encoding: 'utf8', data: '{}' },
});

describe('Class: SqsEventQueue', () => {
  let server: Awaited<ReturnType<typeof createSqsServer>>;
  let client: SQSClient;
  let queueUrl: string;

  beforeAll(async () => {
    server = await createSqsServer({ port: 0 });
    const { port } = server.address() as AddressInfo;
    client = new SQSClient({ endpoint: `http://127.0.0.1:${port}`, region: 'ap-northeast-1' });
    ({ QueueUrl: queueUrl } = (await client.send(new CreateQueueCommand({ QueueName: 'adapter-test' }))) as {
      QueueUrl: string;
    });
  });

  afterAll(async () => {
    client.destroy();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends the envelope as JSON with filterable attributes to the real queue protocol', async () => {
    // Act
    await new SqsEventQueue(client, queueUrl).send(envelope('payment_intent.succeeded'));

    // Assess
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    expect(JSON.parse(Messages![0]!.Body!)).toEqual(envelope('payment_intent.succeeded'));
    expect(Messages![0]!.MessageAttributes).toMatchObject({
      tenant_id: { DataType: 'String', StringValue: 'acme' },
      provider: { DataType: 'String', StringValue: 'stripe' },
      event_type: { DataType: 'String', StringValue: 'payment_intent.succeeded' },
      trace_id: { DataType: 'String', StringValue: '0af7651916cd43dd8448eb211c80319c' },
    });
  });

  it('omits the event type attribute when the event has none', async () => {
    // Act
    await new SqsEventQueue(client, queueUrl).send(envelope(null));

    // Assess
    const { Messages } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageAttributeNames: ['All'], WaitTimeSeconds: 1 }),
    );
    expect(Object.keys(Messages![0]!.MessageAttributes!).sort()).toEqual([
      'provider',
      'tenant_id',
      'trace_id',
    ]);
  });

  it('turns a failed send into a DurabilityError', async () => {
    // Prepare
    const queue = new SqsEventQueue(client, `${queueUrl}-missing`);

    // Act & Assess
    await expect(queue.send(envelope(null))).rejects.toBeInstanceOf(DurabilityError);
  });
});
