import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CreateQueueCommand, type Message, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { createSqsServer } from 'local-aws-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SqsDeliveryQueue } from '../../../../shared/adapters/delivery/sqs-delivery-queue.ts';
import { type DeliveryMessage, DeliveryMessageSchema } from '../../../../shared/delivery/delivery-message.ts';
import { buildDeliveryMessages } from '../../../../shared/routing/delivery-messages.ts';
import type { Route } from '../../../../shared/tenants/tenant-file.ts';
import { acme, envelope } from '../../routing/fixtures.ts';

/** `count` messages for one event, over copies of Acme's first two routes. */
const messages = (count: number, overrides: Parameters<typeof envelope>[0] = {}): DeliveryMessage[] => {
  const [http, email] = acme().routes as [Route, Route];
  const routes = Array.from({ length: count }, (_, i) => ({
    ...(i % 2 ? email : http),
    route_id: `route-${i}`,
  }));
  return buildDeliveryMessages(envelope(overrides), routes);
};

describe('Class: SqsDeliveryQueue', () => {
  let server: Server;
  let client: SQSClient;
  let queueUrl: string;
  let tinyQueueUrl: string;

  const createQueue = async (name: string, attributes: Record<string, string> = {}) => {
    const { QueueUrl } = await client.send(
      new CreateQueueCommand({ QueueName: name, Attributes: attributes }),
    );
    return QueueUrl!;
  };

  /** Everything on the queue, read once each (a long visibility timeout keeps local SQS from repeating one). */
  const drain = async (url: string): Promise<Message[]> => {
    const all: Message[] = [];
    for (;;) {
      const { Messages = [] } = await client.send(
        new ReceiveMessageCommand({
          QueueUrl: url,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 60,
        }),
      );
      if (Messages.length === 0) return all;
      all.push(...Messages);
    }
  };

  beforeAll(async () => {
    server = await createSqsServer({ port: 0, hostname: '127.0.0.1' });
    const { port } = server.address() as AddressInfo;
    client = new SQSClient({
      endpoint: `http://127.0.0.1:${port}`,
      region: 'ap-northeast-1',
      maxAttempts: 1,
    });
    queueUrl = await createQueue('tsunagi-local-delivery');
    tinyQueueUrl = await createQueue('tiny', { MaximumMessageSize: '1024' });
  });

  afterAll(async () => {
    client.destroy();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  it('sends every message in batches of 10 with its filter attributes', async () => {
    // Prepare
    const sent = messages(12);
    const send = vi.spyOn(client, 'send');

    // Act
    const result = await new SqsDeliveryQueue(client, queueUrl).sendBatch(sent);

    // Assess
    expect(result).toEqual({ failures: [] });
    expect(
      send.mock.calls.map(([command]) => (command.input as { Entries: unknown[] }).Entries.length),
    ).toEqual([10, 2]);
    send.mockRestore();
    const received = await drain(queueUrl);
    const bodies = received.map((m) => DeliveryMessageSchema.parse(JSON.parse(m.Body!)));
    expect(bodies.map((b) => b.delivery_id).sort()).toEqual(sent.map((m) => m.delivery_id).sort());
    const first = received.find((m) => m.MessageAttributes?.route_id?.StringValue === 'route-1')!;
    expect(first.MessageAttributes).toEqual({
      tenant_id: { DataType: 'String', StringValue: 'acme' },
      provider: { DataType: 'String', StringValue: 'stripe' },
      event_type: { DataType: 'String', StringValue: 'payment_intent.succeeded' },
      route_id: { DataType: 'String', StringValue: 'route-1' },
      destination_type: { DataType: 'String', StringValue: 'email' },
      trace_id: { DataType: 'String', StringValue: '0af7651916cd43dd8448eb211c80319c' },
    });
  });

  it('omits the event type attribute for an event without a type', async () => {
    // Act
    await new SqsDeliveryQueue(client, queueUrl).sendBatch(messages(1, { event_type: null }));

    // Assess
    const [received] = await drain(queueUrl);
    expect(Object.keys(received!.MessageAttributes!)).not.toContain('event_type');
  });

  it('splits a batch that would pass 1 MiB in total', async () => {
    // Prepare: four ~300 KiB messages fit three to a call.
    const big = messages(4, { body: { encoding: 'utf8', data: 'x'.repeat(300 * 1024) } });
    const send = vi.spyOn(client, 'send');

    // Act
    const result = await new SqsDeliveryQueue(client, queueUrl).sendBatch(big);

    // Assess
    expect(result.failures).toEqual([]);
    expect(
      send.mock.calls.map(([command]) => (command.input as { Entries: unknown[] }).Entries.length),
    ).toEqual([3, 1]);
    send.mockRestore();
    expect(await drain(queueUrl)).toHaveLength(4);
  });

  it('reports a message over 1 MiB without sending it, and still sends the others', async () => {
    // Prepare
    const [small] = messages(1, { event_id: 'evt_small' });
    const [huge] = messages(1, {
      event_id: 'evt_huge',
      body: { encoding: 'utf8', data: 'x'.repeat(1024 * 1024) },
    });

    // Act
    const result = await new SqsDeliveryQueue(client, queueUrl).sendBatch([small!, huge!]);

    // Assess
    expect(result.failures).toEqual([
      {
        delivery_id: 'evt_huge:route-0',
        code: 'MessageTooLong',
        message: expect.stringContaining('over the'),
      },
    ]);
    expect((await drain(queueUrl)).map((m) => JSON.parse(m.Body!).delivery_id)).toEqual([
      'evt_small:route-0',
    ]);
  });

  it('reports the entries the queue refused, by delivery id, and sends the rest', async () => {
    // Prepare: the tiny queue takes at most 1 KiB per message.
    const [fits] = messages(1, { event_id: 'evt_fits', headers: {}, body: { encoding: 'utf8', data: '' } });
    const [tooBig] = messages(1, { event_id: 'evt_big', body: { encoding: 'utf8', data: 'x'.repeat(2048) } });

    // Act
    const result = await new SqsDeliveryQueue(client, tinyQueueUrl).sendBatch([fits!, tooBig!]);

    // Assess
    expect(result.failures).toEqual([
      {
        delivery_id: 'evt_big:route-0',
        code: 'InvalidParameterValue',
        message: expect.stringContaining('shorter'),
      },
    ]);
    expect((await drain(tinyQueueUrl)).map((m) => JSON.parse(m.Body!).delivery_id)).toEqual([
      'evt_fits:route-0',
    ]);
  });

  it('reports every message of a call that failed as a whole', async () => {
    // Prepare
    const sent = messages(2);

    // Act
    const result = await new SqsDeliveryQueue(client, `${queueUrl}-missing`).sendBatch(sent);

    // Assess
    expect(result.failures.map((f) => f.delivery_id)).toEqual(sent.map((m) => m.delivery_id));
    expect(result.failures[0]!.code).toMatch(/QueueDoesNotExist|NonExistentQueue/);
  });
});
