import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../../../infra/local/sqs.ts';
import { restoreQueues, saveQueues } from '../../../../infra/local/state/queue-snapshot.ts';

describe('Functions: saveQueues / restoreQueues', () => {
  let dir: string;
  let file: string;
  const started: LocalSqs[] = [];
  const clients: SQSClient[] = [];
  const client = (sqs: LocalSqs) => {
    const made = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    clients.push(made);
    return made;
  };
  const start = async () => {
    const sqs = await startLocalSqs({ port: 0 });
    started.push(sqs);
    return sqs;
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-queues-'));
    file = join(dir, 'queues.json');
  });

  afterEach(async () => {
    for (const made of clients.splice(0)) made.destroy();
    for (const sqs of started.splice(0)) await sqs.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('brings the dead letters and queued messages of one run into the next, attributes and all', async () => {
    // Prepare
    const before = await start();
    const sqs = client(before);
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: before.queueUrls.deliveryDlq,
        MessageBody: '{"event_id":"evt_1"}',
        MessageAttributes: {
          failure_code: { DataType: 'String', StringValue: 'client_error' },
          raw: { DataType: 'Binary', BinaryValue: Buffer.from([1, 2]) },
        },
      }),
    );
    await sqs.send(new SendMessageCommand({ QueueUrl: before.queueUrls.inbound, MessageBody: 'in-1' }));
    await sqs.send(
      new SendMessageCommand({
        QueueUrl: before.queueUrls.delivery,
        MessageBody: 'later',
        DelaySeconds: 900,
      }),
    );

    // Act
    const saved = await saveQueues(before.endpoint, 'ap-northeast-1', before.queueUrls, file);
    const after = await start();
    const restored = await restoreQueues(after.endpoint, 'ap-northeast-1', after.queueUrls, file);

    // Assess
    expect(saved).toEqual({
      kept: { inbound: 1, inboundDlq: 0, delivery: 0, deliveryDlq: 1 },
      notKept: { delayed: 1, inFlight: 0 },
    });
    expect(restored).toEqual({ inbound: 1, inboundDlq: 0, delivery: 0, deliveryDlq: 1 });
    const { Messages = [] } = await client(after).send(
      new ReceiveMessageCommand({
        QueueUrl: after.queueUrls.deliveryDlq,
        MaxNumberOfMessages: 10,
        VisibilityTimeout: 30,
        MessageAttributeNames: ['All'],
      }),
    );
    expect(Messages.map((m) => m.Body)).toEqual(['{"event_id":"evt_1"}']);
    expect(Messages[0]?.MessageAttributes?.failure_code?.StringValue).toBe('client_error');
    expect(Buffer.from(Messages[0]?.MessageAttributes?.raw?.BinaryValue ?? [])).toEqual(Buffer.from([1, 2]));
    // Sent once: the file is gone, so a second start does not send them again.
    await expect(readFile(file)).rejects.toThrow();
    expect(await restoreQueues(after.endpoint, 'ap-northeast-1', after.queueUrls, file)).toBeNull();
  });
});
