import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../../infra/local/sqs.ts';
import { openOpsContext } from '../../../infra/ops/dlq-context.ts';
import { listQueues } from '../../../infra/ops/dlq-list.ts';
import type { MetricReading, QueueAgeMetrics } from '../../../shared/ops/ports.ts';
import { DlqListOutputSchema } from '../../../shared/ops/schemas.ts';
import { runOps } from './run-ops.ts';

const REGION = 'ap-northeast-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('ops dlq list: age of the oldest message (local-aws-sqs)', () => {
  let sqs: LocalSqs;
  let client: SQSClient;
  // `dlq list` reads no table: nothing needs to answer at the DynamoDB endpoint.
  const local = () => [
    '--local',
    '--sqs-endpoint',
    sqs.endpoint,
    '--dynamodb-endpoint',
    'http://127.0.0.1:9',
  ];
  const send = (url: string, body: string) =>
    client.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  /** Every message, visible or in flight (the stand-in counts both in ApproximateNumberOfMessages). */
  const total = async (url: string) => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
    );
    return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
  };
  const receiveAll = async (url: string, hideSeconds: number): Promise<string[]> => {
    const bodies: string[] = [];
    for (;;) {
      const { Messages } = await client.send(
        new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, VisibilityTimeout: hideSeconds }),
      );
      if (!Messages?.length) return bodies;
      bodies.push(...Messages.map((message) => message.Body ?? ''));
    }
  };

  beforeAll(async () => {
    sqs = await startLocalSqs({ port: 0 });
    client = new SQSClient({ endpoint: sqs.endpoint, region: REGION, credentials });
  });

  afterAll(async () => {
    client?.destroy();
    await sqs?.stop();
  });

  it('shows the age of the oldest message in the JSON and the text, and leaves every message in place', async () => {
    // Prepare: one message about 2 s older than the other.
    const dlq = sqs.queueUrls.deliveryDlq;
    await send(dlq, 'oldest');
    await sleep(2_100);
    await send(dlq, 'newest');

    // Act
    const json = await runOps(['dlq', 'list', '--json', ...local()]);
    const text = await runOps(['dlq', 'list', ...local()]);

    // Assess
    expect(json.status).toBe(0);
    const out = DlqListOutputSchema.parse(JSON.parse(json.stdout));
    const delivery = out.queues.find((queue) => queue.alias === 'delivery-dlq');
    expect(delivery).toMatchObject({ depth: 2, age_source: 'all_messages' });
    expect(delivery?.oldest_age_seconds).toBeGreaterThanOrEqual(2);
    expect(delivery?.oldest_age_seconds).toBeLessThan(30);
    expect(out.queues.find((queue) => queue.alias === 'inbound-dlq')).toMatchObject({
      depth: 0,
      oldest_age_seconds: null,
      age_source: null,
      age_note: 'no messages',
    });
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/delivery-dlq +2 messages, oldest \d+s/);
    expect(text.stdout).toMatch(/age: the oldest SentTimestamp, read with a peek/);
    // Nothing deleted or changed, and both visible again at once (the second list saw them too), not only
    // after the peek's visibility timeout of PEEK_VISIBILITY_TIMEOUT_SECONDS.
    expect(await total(dlq)).toBe(2);
    expect((await receiveAll(dlq, 1)).sort()).toEqual(['newest', 'oldest']);
  });

  it('lists the sync schedule DLQ as not part of local mode, without a not-found error', async () => {
    // Act
    const run = await runOps(['dlq', 'list', ...local()]);

    // Assess
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/sync-schedule-dlq +\(not part of local mode: /);
    expect(run.stdout).not.toMatch(/not found|absent/);
  });

  it('calls the age sampled (a lower bound) when a message is in flight elsewhere', async () => {
    // Prepare: the oldest message of the inbound DLQ is being read by someone else.
    const dlq = sqs.queueUrls.inboundDlq;
    await send(dlq, 'held');
    await receiveAll(dlq, 30);
    await send(dlq, 'free');

    // Act
    const run = await runOps(['dlq', 'list', '--json', ...local()]);

    // Assess
    const inbound = DlqListOutputSchema.parse(JSON.parse(run.stdout)).queues.find(
      (queue) => queue.alias === 'inbound-dlq',
    );
    expect(inbound?.age_source).toBe('sampled');
    expect(inbound?.oldest_age_seconds).not.toBeNull();
    expect(inbound?.age_note).toMatch(/^oldest SentTimestamp of 1 of ~\d+ messages/);
  });

  it('takes the age from the metrics service on a stage, and still lists the queues when it cannot', async () => {
    // Prepare: the local queues, seen as a stage would see them, with a fake metrics service.
    await send(sqs.queueUrls.inboundDlq, 'another');
    await send(sqs.queueUrls.deliveryDlq, 'another');
    const ctx = openOpsContext({
      local: true,
      'sqs-endpoint': sqs.endpoint,
      'dynamodb-endpoint': 'http://127.0.0.1:9',
    });
    const asked: string[][] = [];
    const metrics: QueueAgeMetrics = {
      oldestMessageAges: async (names) => {
        asked.push([...names]);
        const at = new Date('2026-11-23T07:00:00.000Z');
        return new Map<string, MetricReading>([['tsunagi-local-delivery-dlq', { value: 3_725.4, at }]]);
      },
    };

    try {
      // Act
      const listed = await listQueues({ ...ctx, local: false, queueAgeMetrics: async () => metrics });
      const failing = await listQueues({
        ...ctx,
        local: false,
        queueAgeMetrics: async () => {
          throw new Error("Cannot find package '@aws-sdk/client-cloudwatch'");
        },
      });

      // Assess
      expect(asked).toEqual([['tsunagi-local-inbound-dlq', 'tsunagi-local-delivery-dlq']]);
      const delivery = listed.queues.find((queue) => queue.alias === 'delivery-dlq');
      expect(delivery).toMatchObject({ oldest_age_seconds: 3_725, age_source: 'cloudwatch' });
      expect(delivery?.age_note).toMatch(/2026-11-23T07:00:00.000Z/);
      expect(listed.queues.find((queue) => queue.alias === 'inbound-dlq')).toMatchObject({
        oldest_age_seconds: null,
        age_note: expect.stringMatching(/no ApproximateAgeOfOldestMessage datapoint/),
      });
      expect(failing.queues.map((queue) => queue.depth)).toEqual(listed.queues.map((queue) => queue.depth));
      expect(failing.queues.find((queue) => queue.alias === 'delivery-dlq')?.age_note).toMatch(
        /CloudWatch unavailable: Cannot find package/,
      );
    } finally {
      ctx.close();
    }
  });
});
