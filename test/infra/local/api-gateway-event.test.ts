import { describe, expect, it } from 'vitest';
import {
  encodeBody,
  formatRequestTime,
  isTextContentType,
  newApiGatewayRequestId,
  parseQueryString,
  type RawHttpRequest,
  toApiGatewayEvent,
  WEBHOOK_ROUTE_KEY,
} from '../../../infra/local/api-gateway-event.ts';

const baseRequest: RawHttpRequest = {
  method: 'POST',
  target: '/webhooks/stripe/acme',
  httpVersion: '1.1',
  rawHeaders: ['Host', '127.0.0.1:3000', 'Content-Type', 'application/json', 'User-Agent', 'Stripe/1.0'],
  body: Buffer.from('{"id":"evt_1"}'),
  sourceIp: '127.0.0.1',
  localPort: 3000,
  now: new Date('2026-03-12T19:03:58.123Z'),
};

describe('Function: toApiGatewayEvent', () => {
  it('builds a payload 2.0 event for the webhook route', () => {
    const event = toApiGatewayEvent(structuredClone(baseRequest), 'req-1');

    expect(event).toMatchObject({
      version: '2.0',
      routeKey: WEBHOOK_ROUTE_KEY,
      rawPath: '/webhooks/stripe/acme',
      rawQueryString: '',
      pathParameters: { provider: 'stripe', tenantId: 'acme' },
      body: '{"id":"evt_1"}',
      isBase64Encoded: false,
      requestContext: {
        apiId: 'local',
        domainName: '127.0.0.1:3000',
        requestId: 'req-1',
        routeKey: WEBHOOK_ROUTE_KEY,
        stage: '$default',
        time: '12/Mar/2026:19:03:58 +0000',
        timeEpoch: baseRequest.now.getTime(),
        http: {
          method: 'POST',
          path: '/webhooks/stripe/acme',
          protocol: 'HTTP/1.1',
          userAgent: 'Stripe/1.0',
        },
      },
    });
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers['x-amzn-trace-id']).toMatch(/^Root=1-[0-9a-f]{8}-[0-9a-f]{24}$/);
    expect(event).not.toHaveProperty('queryStringParameters');
    expect(event).not.toHaveProperty('cookies');
  });

  it('routes any method on a webhook path to the webhook route, and other paths to $default', () => {
    const get = toApiGatewayEvent({ ...baseRequest, method: 'GET' }, 'r');
    const other = toApiGatewayEvent({ ...baseRequest, target: '/webhooks/stripe/acme/extra' }, 'r');

    expect(get.routeKey).toBe(WEBHOOK_ROUTE_KEY);
    expect(other.routeKey).toBe('$default');
    expect(other).not.toHaveProperty('pathParameters');
  });

  it('keeps the raw query string and decodes parameters, joining repeats with commas', () => {
    const event = toApiGatewayEvent(
      { ...baseRequest, target: '/webhooks/msgraph/acme?validationToken=a%20b&x=1&x=2' },
      'r',
    );

    expect(event.rawQueryString).toBe('validationToken=a%20b&x=1&x=2');
    expect(event.queryStringParameters).toEqual({ validationToken: 'a b', x: '1,2' });
  });

  it('lower-cases header names, joins repeated headers with commas and moves cookies out', () => {
    const rawHeaders = ['X-Custom', 'a', 'x-custom', 'b', 'Cookie', 'session=1; theme=dark', 'Host', 'h'];

    const event = toApiGatewayEvent({ ...baseRequest, rawHeaders }, 'r');

    expect(event.headers['x-custom']).toBe('a,b');
    expect(event.headers).not.toHaveProperty('cookie');
    expect(event.cookies).toEqual(['session=1', 'theme=dark']);
  });

  it('URL-decodes path parameters', () => {
    const event = toApiGatewayEvent({ ...baseRequest, target: '/webhooks/generic/ac%20me' }, 'r');

    expect(event.pathParameters).toEqual({ provider: 'generic', tenantId: 'ac me' });
    expect(event.rawPath).toBe('/webhooks/generic/ac%20me');
  });
});

describe('Function: encodeBody', () => {
  it('passes valid UTF-8 text as a string', () => {
    expect(encodeBody(Buffer.from('こんにちは'), 'text/plain')).toEqual({
      body: 'こんにちは',
      isBase64Encoded: false,
    });
  });

  it('base64-encodes text that is not valid UTF-8', () => {
    const bytes = Buffer.from([0x68, 0xe9]);

    expect(encodeBody(bytes, 'application/json')).toEqual({
      body: bytes.toString('base64'),
      isBase64Encoded: true,
    });
  });

  it('base64-encodes binary content types and bodies without a content type', () => {
    expect(encodeBody(Buffer.from('abc'), 'application/octet-stream').isBase64Encoded).toBe(true);
    expect(encodeBody(Buffer.from('abc'), undefined).isBase64Encoded).toBe(true);
  });

  it('omits the body key for an empty body', () => {
    expect(encodeBody(Buffer.alloc(0), 'application/json')).toEqual({ isBase64Encoded: false });
  });
});

describe('Function: newApiGatewayRequestId', () => {
  it('gives distinct ids in API Gateway style, across refills of its random pool', () => {
    // 1,000 ids draw 11 KiB: the 4 KiB pool is refilled twice on the way.
    const ids = Array.from({ length: 1_000 }, () => newApiGatewayRequestId());
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9+/]{14}[A-Za-z0-9+/=]{2}$/);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('Function: isTextContentType', () => {
  it.each([
    ['text/plain', true],
    ['application/json', true],
    ['application/x-www-form-urlencoded', true],
    ['application/xml', true],
    ['application/cloudevents+json', true],
    ['application/atom+xml', true],
    ['application/octet-stream; charset=utf-8', true],
    ['application/octet-stream', false],
    ['image/png', false],
  ])('classifies %s as text: %s', (contentType, expected) => {
    expect(isTextContentType(contentType)).toBe(expected);
  });
});

describe('Function: parseQueryString', () => {
  it('returns undefined for an empty query and keeps malformed escapes as sent', () => {
    expect(parseQueryString('')).toBeUndefined();
    expect(parseQueryString('a=%E0%A4%A&flag')).toEqual({ a: '%E0%A4%A', flag: '' });
  });
});

describe('Function: formatRequestTime', () => {
  it('formats like API Gateway, in UTC', () => {
    expect(formatRequestTime(new Date('2026-01-05T03:04:05Z'))).toBe('05/Jan/2026:03:04:05 +0000');
  });
});
