import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DELIVERY_MAX_RECEIVE_COUNT,
  INBOUND_MAX_RECEIVE_COUNT,
  type LocalSqs,
  startLocalSqs,
} from '../../../infra/local/sqs.ts';

describe('Function: startLocalSqs', () => {
  let sqs: LocalSqs;
  let client: SQSClient;

  // One message per call: with VisibilityTimeout 0 and a larger batch, local-aws-sqs 2.0.2 hands the same
  // message out several times in one answer (counting each as a receive), which real SQS never does.
  const receive = async (queueUrl: string) => {
    const { Messages = [] } = await client.send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, VisibilityTimeout: 0, MaxNumberOfMessages: 1 }),
    );
    return Messages;
  };

  beforeAll(async () => {
    sqs = await startLocalSqs({ port: 0, deliveryVisibilityTimeoutSeconds: 4 });
    client = new SQSClient({
      endpoint: sqs.endpoint,
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await sqs.stop();
  });

  it('creates the inbound queue with URLs on the bound port', () => {
    expect(sqs.queueUrls.inbound).toBe(`${sqs.endpoint}/123456789012/tsunagi-local-inbound`);
    expect(sqs.queueUrls.inboundDlq).toBe(`${sqs.endpoint}/123456789012/tsunagi-local-inbound-dlq`);
  });

  it('creates the delivery queue with its visibility timeout and a redrive to its DLQ', async () => {
    const { Attributes = {} } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: sqs.queueUrls.delivery, AttributeNames: ['All'] }),
    );

    expect(sqs.queueUrls.delivery).toBe(`${sqs.endpoint}/123456789012/tsunagi-local-delivery`);
    expect(sqs.queueUrls.deliveryDlq).toBe(`${sqs.endpoint}/123456789012/tsunagi-local-delivery-dlq`);
    expect(Attributes.VisibilityTimeout).toBe('4');
    expect(JSON.parse(Attributes.RedrivePolicy ?? '{}')).toEqual({
      deadLetterTargetArn: expect.stringMatching(/:tsunagi-local-delivery-dlq$/),
      maxReceiveCount: DELIVERY_MAX_RECEIVE_COUNT,
    });
  });

  it('moves a message to the DLQ after maxReceiveCount receives', async () => {
    // Prepare
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrls.inbound, MessageBody: 'poison' }));

    // Act
    for (let i = 0; i < INBOUND_MAX_RECEIVE_COUNT; i++)
      expect(await receive(sqs.queueUrls.inbound)).toHaveLength(1);
    const afterLimit = await receive(sqs.queueUrls.inbound);

    // Assess
    expect(afterLimit).toHaveLength(0);
    expect((await receive(sqs.queueUrls.inboundDlq)).map((m) => m.Body)).toEqual(['poison']);
  });

  it('refuses connections while stopped and keeps its queues across a restart', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: sqs.queueUrls.inbound, MessageBody: 'kept' }));

    await sqs.stop();
    const whileDown = client.send(
      new SendMessageCommand({ QueueUrl: sqs.queueUrls.inbound, MessageBody: 'x' }),
    );
    await expect(whileDown).rejects.toThrow();
    await sqs.restart();

    expect((await receive(sqs.queueUrls.inbound)).map((m) => m.Body)).toEqual(['kept']);
  });
});
