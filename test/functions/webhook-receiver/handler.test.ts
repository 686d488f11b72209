import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EventEnvelopeSchema } from '../../../shared/webhooks/envelope-schema.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';
import { signGeneric } from '../../support/sign.ts';

const SECRET = 'whk-current-0f6c1d2e9a';
const QUEUE_URL = 'https://sqs.ap-northeast-1.amazonaws.com/123456789012/inbound';
const sqs = mockClient(SQSClient);
const secretsManager = mockClient(SecretsManagerClient);

type Handler = (event: APIGatewayProxyEventV2) => Promise<APIGatewayProxyStructuredResultV2>;
let handler: Handler;
let output: CapturedOutput;

const event = (
  overrides: Partial<APIGatewayProxyEventV2> = {},
  body = '{"id":"o-1"}',
): APIGatewayProxyEventV2 => {
  const now = Math.floor(Date.now() / 1000);
  return {
    version: '2.0',
    routeKey: 'POST /webhooks/{provider}/{tenantId}',
    rawPath: '/webhooks/generic/acme',
    rawQueryString: '',
    headers: {
      'Content-Type': 'application/json',
      'X-Event-Type': 'order.created',
      ...signGeneric(body, SECRET, now),
    },
    requestContext: {
      accountId: '123456789012',
      apiId: 'api',
      domainName: 'api.example.com',
      domainPrefix: 'api',
      http: {
        method: 'POST',
        path: '/webhooks/generic/acme',
        protocol: 'HTTP/1.1',
        sourceIp: '203.0.113.9',
        userAgent: 'test',
      },
      requestId: 'req-1',
      routeKey: 'POST /webhooks/{provider}/{tenantId}',
      stage: '$default',
      time: '23/Nov/2026:06:00:00 +0000',
      timeEpoch: now * 1000,
    },
    body,
    isBase64Encoded: false,
    ...overrides,
  };
};

describe('Function: webhook-receiver', () => {
  beforeAll(async () => {
    vi.stubEnv('STAGE', 'dev');
    vi.stubEnv('INBOUND_QUEUE_URL', QUEUE_URL);
    vi.stubEnv('CLAIM_CHECK_BUCKET', 'tsunagi-dev-claim-check');
    vi.stubEnv('SECRET_PREFIX', 'tsunagi/dev');
    vi.stubEnv('AWS_REGION', 'ap-northeast-1');
    vi.stubEnv('POWERTOOLS_LOG_LEVEL', 'DEBUG');
    vi.resetModules();
    ({ handler } = await import('../../../functions/webhook-receiver/handler.ts'));
  });

  afterAll(() => {
    vi.unstubAllEnvs();
  });

  beforeEach(() => {
    sqs.reset();
    secretsManager.reset();
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'tsunagi/dev/acme/webhooks/generic' })
      .resolves({ SecretString: JSON.stringify({ signingSecrets: [SECRET] }) });
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'tsunagi/dev/globex/webhooks/generic' })
      .rejects(new ResourceNotFoundException({ message: 'not found', $metadata: {} }));
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
    output = captureOutput();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('answers 202 with the event id and sends the envelope with its attributes', async () => {
    // Act
    const result = await handler(event());

    // Assess
    expect(result.statusCode).toBe(202);
    const { event_id } = JSON.parse(result.body!);
    expect(event_id).toMatch(/^evt_[0-9a-f-]{36}$/);
    const input = sqs.commandCalls(SendMessageCommand)[0]!.args[0].input;
    expect(input.QueueUrl).toBe(QUEUE_URL);
    const envelope = EventEnvelopeSchema.parse(JSON.parse(input.MessageBody!));
    expect(envelope).toMatchObject({
      event_id,
      provider: 'generic',
      tenant_id: 'acme',
      event_type: 'order.created',
    });
    expect(input.MessageAttributes).toEqual({
      tenant_id: { DataType: 'String', StringValue: 'acme' },
      provider: { DataType: 'String', StringValue: 'generic' },
      event_type: { DataType: 'String', StringValue: 'order.created' },
      trace_id: { DataType: 'String', StringValue: envelope.trace_id },
    });
  });

  it('answers 503 with Retry-After when the queue cannot take the event', async () => {
    // Prepare
    sqs.on(SendMessageCommand).rejects(new Error('ServiceUnavailable'));

    // Act
    const result = await handler(event());

    // Assess
    expect(result.statusCode).toBe(503);
    expect(result.headers).toMatchObject({ 'retry-after': '5' });
  });

  it('answers 503 when Secrets Manager cannot be read', async () => {
    // Prepare
    // A tenant not read before, so the secret cache cannot answer for Secrets Manager.
    secretsManager
      .on(GetSecretValueCommand, { SecretId: 'tsunagi/dev/initech/webhooks/generic' })
      .rejects(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' }));

    // Act
    const result = await handler(event({ rawPath: '/webhooks/generic/initech' }));

    // Assess
    expect(result.statusCode).toBe(503);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('gives an unknown tenant and a bad signature the identical 401', async () => {
    // Act
    const unknownTenant = await handler(event({ rawPath: '/webhooks/generic/globex' }));
    const badSignature = await handler(event({ body: '{"id":"tampered"}' }));

    // Assess
    expect(unknownTenant.statusCode).toBe(401);
    expect(badSignature.statusCode).toBe(401);
    expect(unknownTenant.body).toBe(badSignature.body);
    expect(unknownTenant.headers).toEqual(badSignature.headers);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it.each([
    ['an unknown provider', { rawPath: '/webhooks/paypal/acme' }, 404],
    ['another path', { rawPath: '/' }, 404],
    [
      'a PUT',
      {
        requestContext: {
          ...event().requestContext,
          http: { ...event().requestContext.http, method: 'PUT' },
        },
      },
      405,
    ],
    ['a body over the limit', { body: 'a'.repeat(4 * 1024 * 1024 + 1) }, 413],
    ['a malformed base64 body flag', { isBase64Encoded: true, body: '%%%' }, 401],
  ] as const)('answers %s with %i', async (_name, overrides, status) => {
    // Act
    const result = await handler(event(overrides as Partial<APIGatewayProxyEventV2>));

    // Assess
    expect(result.statusCode).toBe(status);
    expect(sqs.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('logs every request with a trace id and never a secret or a signature', async () => {
    // Prepare
    const request = event();
    const signature = request.headers['x-signature']!;

    // Act
    await handler(request);
    await handler(event({ body: '{"tampered":1}' }));
    await handler(event({ rawPath: '/webhooks/generic/globex' }));

    // Assess
    const logs = output.text();
    const lines = logs
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBeGreaterThanOrEqual(3);
    for (const line of lines) expect(line.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(logs).not.toContain(SECRET);
    expect(logs).not.toContain(signature);
  });
});
