import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { lineScheme } from '../../../../shared/webhooks/schemes/line.ts';
import { makeRequest, rejectionReason } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const SECRET = 'line-channel-secret-new';
const OLD_SECRET = 'line-channel-secret-old';
const message = (id: string, type = 'message') => ({
  type,
  webhookEventId: id,
  deliveryContext: { isRedelivery: false },
  timestamp: 1700000000000,
});
const BODY = JSON.stringify({ destination: 'U0123', events: [message('01HXYZ')] });

const interpret = (body: unknown) =>
  lineScheme.interpret(makeRequest({ body: typeof body === 'string' ? body : JSON.stringify(body) }));

describe('Scheme: line', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: lineScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'x-line-signature',
    checksTimestamp: false,
  });

  it('verifies a base64 signature computed independently over the raw body', () => {
    // Prepare
    const signature = createHmac('sha256', SECRET).update(BODY).digest('base64');
    const request = makeRequest({ body: BODY, headers: { 'x-line-signature': signature } });

    // Act
    const reason = rejectionReason(() => lineScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('answers the console Verify request, which has no events, with an empty JSON object', () => {
    // Act
    const interpretation = interpret({ destination: 'U0123', events: [] });

    // Assess
    expect(interpretation).toEqual({
      kind: 'handshake',
      statusCode: 200,
      contentType: 'application/json',
      body: '{}',
    });
  });

  it('reads the webhook event id and type of a single event', () => {
    // Act
    const interpretation = interpret(BODY);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: '01HXYZ', eventType: 'message' });
  });

  it('joins the ids and the distinct types of several events', () => {
    // Act
    const interpretation = interpret({
      destination: 'U0123',
      events: [message('a'), message('b', 'follow'), message('c')],
    });

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'a,b,c', eventType: 'message,follow' });
  });

  it.each([
    ['a body that is not JSON', 'nope'],
    ['a body without destination', { events: [] }],
    ['a body without events', { destination: 'U0123' }],
    ['events that are not objects', { destination: 'U0123', events: ['x'] }],
  ])('throws MalformedPayloadError for %s', (_label, body) => {
    // Act
    const act = () => interpret(body);

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
