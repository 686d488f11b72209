import { SendMessageCommand, type SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { newReceiverSqsClient } from '../../../functions/webhook-receiver/dependencies.ts';

interface SentRequest {
  readonly hostname: string;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/**
 * Sends one message with the receiver's client and returns the finished HTTP request as it reaches the
 * transport, after serialising, endpoint resolution and signing; nothing leaves the process.
 */
const sendAndCapture = async (input: SendMessageCommandInput): Promise<SentRequest> => {
  const client = newReceiverSqsClient({ AWS_REGION: 'ap-northeast-1' });
  let seen: SentRequest | undefined;
  client.middlewareStack.add(
    () => async (args) => {
      const request = args.request as Omit<SentRequest, 'body'> & { body: string | Uint8Array };
      const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
      seen = { hostname: request.hostname, headers: request.headers, body };
      throw new Error('captured');
    },
    { step: 'finalizeRequest', priority: 'low', name: 'capture' },
  );
  await expect(client.send(new SendMessageCommand(input))).rejects.toThrow('captured');
  return seen!;
};

describe('Function: newReceiverSqsClient', () => {
  it('drops the SDK logger middleware and keeps the rest of the stack', () => {
    const names = newReceiverSqsClient({ AWS_REGION: 'ap-northeast-1' }).middlewareStack.identify();
    expect(names.some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    expect(names.some((name) => name.startsWith('retryMiddleware'))).toBe(true);
    expect(names.some((name) => name.startsWith('serializerMiddleware'))).toBe(true);
  });

  it('still signs and sends: the request reaches the transport with the message attributes', async () => {
    const seen = await sendAndCapture({
      QueueUrl: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/inbound',
      MessageBody: '{}',
      MessageAttributes: { tenant_id: { DataType: 'String', StringValue: 'acme' } },
    });
    expect(seen.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(JSON.parse(seen.body).MessageAttributes.tenant_id.StringValue).toBe('acme');
  });

  it("sends to the client's own endpoint, not to a host read from the queue URL", async () => {
    const seen = await sendAndCapture({
      QueueUrl: 'https://elsewhere.example/123456789012/inbound',
      MessageBody: '{}',
    });
    expect(seen.hostname).toBe('sqs.ap-northeast-1.amazonaws.com');
  });
});
