// The cold-start and bundle-size baseline: a handler that only imports the SQS client and sends one message.
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';

const client = new SQSClient({});

export const handler = async (event: { body?: string }) => {
  await client.send(
    new SendMessageCommand({ QueueUrl: process.env.INBOUND_QUEUE_URL, MessageBody: event.body ?? '' }),
  );
  return { statusCode: 202, body: '{}' };
};
