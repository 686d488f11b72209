import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type HttpBridge,
  type LambdaHttpHandler,
  startHttpBridge,
} from '../../../infra/local/http-bridge.ts';

describe('Function: startHttpBridge', () => {
  let bridge: HttpBridge | undefined;

  const start = async (handler: LambdaHttpHandler, maxBodyBytes?: number) => {
    bridge = await startHttpBridge({ port: 0, handler, maxBodyBytes });
    return bridge.url;
  };

  afterEach(async () => {
    await bridge?.stop();
    bridge = undefined;
    vi.restoreAllMocks();
  });

  it('hands the handler the exact body bytes and writes its structured result back', async () => {
    // Prepare
    const seen: APIGatewayProxyEventV2[] = [];
    const url = await start(async (event) => {
      seen.push(event);
      return { statusCode: 202, headers: { 'x-answer': 1 }, body: '{"event_id":"evt_1"}', cookies: ['a=1'] };
    });
    const body = Buffer.from([0, 1, 2, 255]);

    // Act
    const response = await fetch(`${url}/webhooks/generic/acme?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body,
    });

    // Assess
    expect(response.status).toBe(202);
    expect(response.headers.get('x-answer')).toBe('1');
    expect(response.headers.get('set-cookie')).toBe('a=1');
    expect(response.headers.get('apigw-requestid')).toBe(seen[0]?.requestContext.requestId);
    expect(await response.text()).toBe('{"event_id":"evt_1"}');
    expect(seen[0]).toMatchObject({ isBase64Encoded: true, rawQueryString: 'x=1' });
    expect(Buffer.from(seen[0]?.body ?? '', 'base64')).toEqual(body);
  });

  it('decodes a base64 result body', async () => {
    const url = await start(async () => ({
      statusCode: 200,
      body: Buffer.from('hi').toString('base64'),
      isBase64Encoded: true,
    }));

    expect(await (await fetch(url)).text()).toBe('hi');
  });

  it('answers 200 JSON for a result without a status code, as API Gateway infers', async () => {
    const url = await start(async () => ({ ok: true }));

    const response = await fetch(url);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it('answers 413 without invoking the handler for a body over the limit', async () => {
    const handler = vi.fn(async () => ({ statusCode: 202 }));
    const url = await start(handler, 1024);

    const response = await fetch(`${url}/webhooks/generic/acme`, {
      method: 'POST',
      body: Buffer.alloc(1025),
    });

    expect(response.status).toBe(413);
    expect(handler).not.toHaveBeenCalled();
  });

  it('answers 500 and logs when the handler throws', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const url = await start(async () => {
      throw new Error('boom');
    });

    const response = await fetch(url, { method: 'POST', body: '{}' });

    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ message: 'Internal Server Error' });
    expect(errors).toHaveBeenCalled();
  });

  it('hands the handler a Lambda context with a request id of its own and the time left', async () => {
    // Prepare
    const seen: Context[] = [];
    const url = await start(async (_event, context) => {
      seen.push(context);
      return { statusCode: 204 };
    });

    // Act
    await fetch(url, { method: 'POST' });
    await fetch(url, { method: 'POST' });

    // Assess
    const [first, second] = seen;
    expect(first?.awsRequestId).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
    expect(first?.awsRequestId).toBe(first?.awsRequestId);
    expect(second?.awsRequestId).not.toBe(first?.awsRequestId);
    expect(first?.functionName).toBe('tsunagi-local-webhook-receiver');
    expect(first?.getRemainingTimeInMillis()).toBeGreaterThan(0);
  });

  it('serves requests concurrently', async () => {
    let inFlight = 0;
    let peak = 0;
    const url = await start(async () => {
      peak = Math.max(peak, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 50));
      inFlight--;
      return { statusCode: 204 };
    });

    await Promise.all(Array.from({ length: 5 }, () => fetch(url, { method: 'POST' })));

    expect(peak).toBe(5);
  });

  it('logs one line per request with the event id of an accepted webhook', async () => {
    const lines: string[] = [];
    bridge = await startHttpBridge({
      port: 0,
      log: (line) => lines.push(line),
      handler: async () => ({ statusCode: 202, body: '{"event_id":"evt_42"}' }),
    });

    await fetch(`${bridge.url}/webhooks/stripe/acme?secret=no`, { method: 'POST', body: '{}' });

    expect(lines).toEqual([expect.stringMatching(/^POST \/webhooks\/stripe\/acme → 202 evt_42 \(\d+ ms\)$/)]);
  });
});
