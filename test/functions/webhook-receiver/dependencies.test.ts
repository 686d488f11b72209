import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { newReceiverSqsClient } from '../../../functions/webhook-receiver/dependencies.ts';

describe('Function: newReceiverSqsClient', () => {
  it('drops the SDK logger middleware and keeps the rest of the stack', () => {
    const names = newReceiverSqsClient({ AWS_REGION: 'ap-northeast-1' }).middlewareStack.identify();
    expect(names.some((name) => name.startsWith('loggerMiddleware'))).toBe(false);
    expect(names.some((name) => name.startsWith('retryMiddleware'))).toBe(true);
    expect(names.some((name) => name.startsWith('serializerMiddleware'))).toBe(true);
  });

  it('still signs and sends: the request reaches the transport with the message attributes', async () => {
    const client = newReceiverSqsClient({ AWS_REGION: 'ap-northeast-1' });
    let seen: { headers: Record<string, string>; body: string } | undefined;
    // Captures the finished HTTP request at the end of the stack, after serialising and signing.
    client.middlewareStack.add(
      () => async (args) => {
        const request = args.request as { headers: Record<string, string>; body: string | Uint8Array };
        const body = typeof request.body === 'string' ? request.body : new TextDecoder().decode(request.body);
        seen = { headers: request.headers, body };
        throw new Error('captured');
      },
      { step: 'finalizeRequest', priority: 'low', name: 'capture' },
    );
    const sent = client.send(
      new SendMessageCommand({
        QueueUrl: 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/inbound',
        MessageBody: '{}',
        MessageAttributes: { tenant_id: { DataType: 'String', StringValue: 'acme' } },
      }),
    );
    await expect(sent).rejects.toThrow('captured');
    expect(seen?.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
    expect(JSON.parse(seen!.body).MessageAttributes.tenant_id.StringValue).toBe('acme');
  });

  it("sends to the client's own endpoint, not to a host read from the queue URL", async () => {
    const client = newReceiverSqsClient({ AWS_REGION: 'ap-northeast-1' });
    let hostname: string | undefined;
    client.middlewareStack.add(
      () => async (args) => {
        hostname = (args.request as { hostname: string }).hostname;
        throw new Error('captured');
      },
      { step: 'finalizeRequest', priority: 'low', name: 'capture' },
    );
    const sent = client.send(
      new SendMessageCommand({
        QueueUrl: 'https://elsewhere.example/123456789012/inbound',
        MessageBody: '{}',
      }),
    );
    await expect(sent).rejects.toThrow('captured');
    expect(hostname).toBe('sqs.ap-northeast-1.amazonaws.com');
  });
});
