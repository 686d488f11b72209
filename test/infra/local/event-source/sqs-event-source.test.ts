import { createHash } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { createSqsServer } from 'local-aws-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type EventSourceLogger,
  type SqsEventSource,
  type SqsEventSourceOptions,
  startSqsEventSource,
} from '../../../../infra/local/event-source/sqs-event-source.ts';

const REGION = 'ap-northeast-1';

const newClient = (endpoint: string) =>
  new SQSClient({
    endpoint,
    region: REGION,
    credentials: { accessKeyId: 'l', secretAccessKey: 'l' },
    maxAttempts: 1,
  });

const listen = (server: Server, port: number) =>
  new Promise<void>((resolve) => server.listen(port, '127.0.0.1', () => resolve()));

const shutDown = (server: Server) =>
  new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });

const waitFor = async (check: () => boolean | Promise<boolean>, timeoutMs = 6000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await sleep(20);
  }
};

const quietLogger = () => ({ debug: vi.fn(), warn: vi.fn(), error: vi.fn() }) satisfies EventSourceLogger;

describe('Function: startSqsEventSource', () => {
  let server: Server;
  let endpoint: string;
  let client: SQSClient;
  let queueCount = 0;
  const sources: SqsEventSource[] = [];
  const cleanups: (() => Promise<void> | void)[] = [];

  beforeAll(async () => {
    server = await createSqsServer({ port: 0, region: REGION, emulateQueueCreationLifecycle: false });
    endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    client = newClient(endpoint);
  });

  afterAll(async () => {
    // Each test has its own queues, so sources may keep polling until here: one stop (≤ 1 long poll) for all.
    await Promise.all(sources.map((source) => source.stop()));
    for (const cleanup of cleanups) await cleanup();
    client.destroy();
    await shutDown(server);
  });

  /** A fresh source queue (VisibilityTimeout 1 s, RedrivePolicy maxReceiveCount 3) and its DLQ. */
  const createQueues = async (sqs = client) => {
    const name = `source-${++queueCount}`;
    const dlq = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
    const dlqArn = await queueArn(dlq, sqs);
    const attributes = {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }),
    };
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes })))
      .QueueUrl!;
    return { url, arn: await queueArn(url, sqs), dlq };
  };

  const queueArn = async (url: string, sqs = client) =>
    (await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['QueueArn'] })))
      .Attributes!.QueueArn!;

  /** Messages on a queue, visible or not (local-aws-sqs counts in-flight ones here too; deletes drop at once). */
  const depth = async (url: string) => {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes.ApproximateNumberOfMessages);
  };

  const send = async (url: string, bodies: string[], sqs = client) => {
    for (let i = 0; i < bodies.length; i += 10) {
      const Entries = bodies.slice(i, i + 10).map((body, j) => ({
        Id: `e${j}`,
        MessageBody: body,
        MessageAttributes: {
          tenant: { DataType: 'String', StringValue: 'acme' },
          attempt: { DataType: 'Number', StringValue: '1' },
          blob: { DataType: 'Binary', BinaryValue: Buffer.from('hi') },
        },
      }));
      await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries }));
    }
  };

  const start = async (options: Partial<SqsEventSourceOptions> & Pick<SqsEventSourceOptions, 'queueUrl'>) => {
    const source = await startSqsEventSource({
      client,
      handler: async () => undefined,
      functionTimeoutMs: 1000,
      logger: quietLogger(),
      ...options,
    });
    sources.push(source);
    return source;
  };

  const bodiesOf = (event: SQSEvent) => event.Records.map((r) => r.body);

  it('hands a batch of 10 over as one well-formed SQSEvent and deletes it on success', async () => {
    // Prepare
    const queue = await createQueues();
    const bodies = Array.from({ length: 10 }, (_, i) => `{"n":${i}}`);
    await send(queue.url, bodies);
    const calls: { event: SQSEvent; context: Context; remaining: number }[] = [];

    // Act
    const source = await start({
      queueUrl: queue.url,
      functionTimeoutMs: 900,
      handler: async (event, context) => {
        calls.push({ event, context, remaining: context.getRemainingTimeInMillis() });
      },
    });
    await waitFor(() => source.stats().succeeded === 10);

    // Assess
    expect(calls).toHaveLength(1);
    const [{ event, context, remaining }] = calls as [(typeof calls)[0]];
    expect(bodiesOf(event).sort()).toEqual([...bodies].sort());
    const record = event.Records[0]!;
    expect(record).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: record.body,
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
      },
      messageAttributes: {
        tenant: { stringValue: 'acme', stringListValues: [], binaryListValues: [], dataType: 'String' },
        attempt: { stringValue: '1', stringListValues: [], binaryListValues: [], dataType: 'Number' },
        blob: { binaryValue: 'aGk=', stringListValues: [], binaryListValues: [], dataType: 'Binary' },
      },
      md5OfBody: createHash('md5').update(record.body).digest('hex'),
      md5OfMessageAttributes: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: queue.arn,
      awsRegion: REGION,
    });
    expect(remaining).toBeGreaterThan(800);
    expect(remaining).toBeLessThanOrEqual(900);
    expect(context.functionName).toBe(`${queue.arn.split(':')[5]}-consumer`);
    expect(context.awsRequestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(source.stats()).toEqual({ received: 10, succeeded: 10, failed: 0, batches: 1 });
    expect(await depth(queue.url)).toBe(0);
  });

  it('splits 7 messages into batches of at most batchSize 3', async () => {
    const queue = await createQueues();
    await send(queue.url, ['1', '2', '3', '4', '5', '6', '7']);
    const events: SQSEvent[] = [];

    const source = await start({
      queueUrl: queue.url,
      batchSize: 3,
      handler: async (e) => void events.push(e),
    });
    await waitFor(() => source.stats().succeeded === 7);

    expect(events.map((e) => e.Records.length)).toEqual([3, 3, 1]);
    expect(events.flatMap(bodiesOf).sort()).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('deletes the successes of a partial failure and dead-letters the failed record after 3 receives', async () => {
    // Prepare
    const queue = await createQueues();
    await send(queue.url, ['ok-1', 'ok-2', 'poison', 'ok-3', 'ok-4']);
    const poisonReceives: string[] = [];

    // Act
    const source = await start({
      queueUrl: queue.url,
      handler: async (event) => {
        const poison = event.Records.filter((r) => r.body === 'poison');
        poisonReceives.push(...poison.map((r) => r.attributes.ApproximateReceiveCount));
        return { batchItemFailures: poison.map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    await waitFor(async () => (await depth(queue.dlq)) === 1);

    // Assess
    expect(poisonReceives).toEqual(['1', '2', '3']);
    expect(source.stats()).toEqual({ received: 7, succeeded: 4, failed: 3, batches: 3 });
    expect(await depth(queue.url)).toBe(0);
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queue.dlq, MaxNumberOfMessages: 10, AttributeNames: ['All'] }),
    );
    expect(Messages.map((m) => m.Body)).toEqual(['poison']);
    expect(Messages[0]?.Attributes?.DeadLetterQueueSourceArn).toBe(queue.arn);
  });

  it('redelivers the whole batch when the handler throws', async () => {
    const queue = await createQueues();
    await send(queue.url, ['a', 'b', 'c']);
    const events: SQSEvent[] = [];

    const source = await start({
      queueUrl: queue.url,
      handler: async (event) => {
        events.push(event);
        if (events.length === 1) throw new Error('downstream unavailable');
      },
    });
    await waitFor(() => source.stats().succeeded === 3);

    expect(events).toHaveLength(2);
    expect(events[1]!.Records.map((r) => r.messageId).sort()).toEqual(
      events[0]!.Records.map((r) => r.messageId).sort(),
    );
    expect(events[1]!.Records.map((r) => r.attributes.ApproximateReceiveCount)).toEqual(['2', '2', '2']);
    expect(source.stats()).toMatchObject({ failed: 3, succeeded: 3, batches: 2 });
  });

  it('treats a handler that outlives functionTimeoutMs as a failed batch', async () => {
    const queue = await createQueues();
    await send(queue.url, ['slow']);
    const logger = quietLogger();
    const counts: string[] = [];

    const source = await start({
      queueUrl: queue.url,
      functionTimeoutMs: 200,
      logger,
      handler: async (event) => {
        counts.push(event.Records[0]!.attributes.ApproximateReceiveCount);
        if (counts.length === 1) await sleep(500);
      },
    });
    await waitFor(() => source.stats().succeeded === 1);

    expect(counts).toEqual(['1', '2']);
    expect(source.stats()).toMatchObject({ failed: 1, succeeded: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('batch failed'),
      expect.objectContaining({ reason: 'Task timed out after 0.20 seconds' }),
    );
  });

  it('retries the whole batch when an itemIdentifier is unknown or empty', async () => {
    const queue = await createQueues();
    await send(queue.url, ['x', 'y']);
    const answers = [[{ itemIdentifier: 'not-in-this-batch' }], [{ itemIdentifier: '' }], []];
    const sizes: number[] = [];

    const source = await start({
      queueUrl: queue.url,
      handler: async (event) => {
        sizes.push(event.Records.length);
        return { batchItemFailures: answers[sizes.length - 1] ?? [] };
      },
    });
    await waitFor(() => source.stats().succeeded === 2);

    expect(sizes).toEqual([2, 2, 2]);
    expect(source.stats()).toEqual({ received: 6, succeeded: 2, failed: 4, batches: 3 });
  });

  it.each([
    [1, 1],
    [2, 2],
  ])('runs at most maxConcurrency %i batch(es) at once', async (maxConcurrency, expected) => {
    const queue = await createQueues();
    await send(queue.url, ['1', '2', '3', '4']);
    let active = 0;
    let peak = 0;

    const source = await start({
      queueUrl: queue.url,
      batchSize: 1,
      maxConcurrency,
      handler: async () => {
        peak = Math.max(peak, ++active);
        await sleep(150);
        active--;
      },
    });
    await waitFor(() => source.stats().succeeded === 4);

    expect(peak).toBe(expected);
  });

  it('gathers records within maximumBatchingWindowMs', async () => {
    const queue = await createQueues();
    const events: SQSEvent[] = [];
    const source = await start({
      queueUrl: queue.url,
      maximumBatchingWindowMs: 600,
      handler: async (e) => void events.push(e),
    });

    await send(queue.url, ['early']);
    await sleep(200);
    await send(queue.url, ['late']);
    await waitFor(() => source.stats().succeeded === 2);

    expect(events.map(bodiesOf)).toEqual([['early', 'late']]);
  });

  it('hands each message over once even when the stand-in returns it several times in one receive', async () => {
    // With VisibilityTimeout 0, local-aws-sqs 2.0.2 repeats a message within one answer (counting each copy).
    const queue = await createQueues();
    await send(queue.url, ['p', 'q', 'r']);
    const logger = quietLogger();
    const events: SQSEvent[] = [];

    const source = await start({
      queueUrl: queue.url,
      visibilityTimeoutSeconds: 0,
      maxConcurrency: 1,
      functionTimeoutMs: 1,
      logger,
      handler: async (e) => void events.push(e),
    });
    await waitFor(() => source.stats().succeeded === 3);

    expect(events.map(bodiesOf)).toEqual([['p', 'q', 'r']]);
    expect(logger.debug).toHaveBeenCalledWith('duplicate message in one receive', expect.anything());
  });

  it('deletes the whole batch whatever the answer when reportBatchItemFailures is off', async () => {
    const queue = await createQueues();
    await send(queue.url, ['u', 'v']);

    const source = await start({
      queueUrl: queue.url,
      reportBatchItemFailures: false,
      handler: async (e) => ({ batchItemFailures: [{ itemIdentifier: e.Records[0]!.messageId }] }),
    });
    await waitFor(() => source.stats().succeeded === 2);

    expect(source.stats()).toEqual({ received: 2, succeeded: 2, failed: 0, batches: 1 });
    expect(await depth(queue.url)).toBe(0);
  });

  it('stop() waits for the batch in flight and no receive follows it', async () => {
    // Prepare
    const own = newClient(endpoint);
    const queue = await createQueues();
    await send(queue.url, ['in-flight']);
    const receives = () =>
      vi.mocked(own.send).mock.calls.filter(([command]) => command instanceof ReceiveMessageCommand).length;
    vi.spyOn(own, 'send');
    let started = false;
    let finished = false;
    const source = await startSqsEventSource({
      client: own,
      queueUrl: queue.url,
      functionTimeoutMs: 1000,
      logger: quietLogger(),
      handler: async () => {
        started = true;
        await sleep(300);
        finished = true;
      },
    });
    await waitFor(() => started);

    // Act
    const begun = Date.now();
    await source.stop();
    const took = Date.now() - begun;
    const receivesAtStop = receives();
    await send(queue.url, ['after-stop']);
    await sleep(300);

    // Assess
    expect(finished).toBe(true);
    expect(took).toBeLessThan(1500);
    expect(receives()).toBe(receivesAtStop);
    expect(source.stats()).toEqual({ received: 1, succeeded: 1, failed: 0, batches: 1 });
    expect(await depth(queue.url)).toBe(1);
    own.destroy();
  });

  it('logs and retries while SQS is down, then resumes', async () => {
    // Prepare: a stand-in of its own, so stopping it leaves the other tests alone
    const own = await createSqsServer({ port: 0, region: REGION });
    const port = (own.address() as AddressInfo).port;
    const ownClient = newClient(`http://127.0.0.1:${port}`);
    const queue = await createQueues(ownClient);
    const logger = quietLogger();
    const handled: string[] = [];
    cleanups.push(
      () => ownClient.destroy(),
      () => shutDown(own),
    );
    const source = await start({
      client: ownClient,
      queueUrl: queue.url,
      logger,
      handler: async (event) => void handled.push(...bodiesOf(event)),
    });

    // Act
    await shutDown(own);
    await waitFor(() => logger.warn.mock.calls.length >= 2);
    await listen(own, port);
    await send(queue.url, ['after-restart'], ownClient);
    // The batch counts as succeeded once its messages are deleted, a moment after the handler returns.
    await waitFor(() => handled.length === 1 && source.stats().succeeded === 1);

    // Assess
    expect(handled).toEqual(['after-restart']);
    expect(source.stats()).toEqual({ received: 1, succeeded: 1, failed: 0, batches: 1 });
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('SQS receive failed; retrying'),
      expect.anything(),
    );
  });

  it('rejects a batchSize outside 1–10 and warns when the visibility timeout is below the function timeout', async () => {
    const queue = await createQueues();
    const logger = quietLogger();

    await expect(start({ queueUrl: queue.url, batchSize: 11 })).rejects.toThrow(RangeError);
    await start({ queueUrl: queue.url, functionTimeoutMs: 30_000, logger });

    expect(logger.warn).toHaveBeenCalledWith(
      'visibility timeout below function timeout',
      expect.objectContaining({ visibilityMs: 1000, functionTimeoutMs: 30_000 }),
    );
  });
});
