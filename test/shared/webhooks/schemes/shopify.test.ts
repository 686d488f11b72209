import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { shopifyScheme } from '../../../../shared/webhooks/schemes/shopify.ts';
import { makeRequest, rejectionReason } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const SECRET = 'shpss_client_secret_new';
const OLD_SECRET = 'shpss_client_secret_old';
const BODY = '{"id":820982911946154508,"email":"jon@example.com"}';
// Computed the way Shopify's own test helper `getHmac` does: base64 HMAC-SHA256 of the raw body.
const expectedHmac = (body: string, secret = SECRET) =>
  createHmac('sha256', secret).update(body).digest('base64');

describe('Scheme: shopify', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: shopifyScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'x-shopify-hmac-sha256',
    checksTimestamp: false,
  });

  it.each(['x-shopify-hmac-sha256', 'shopify-hmac-sha256'])('verifies a signature sent in %s', (header) => {
    // Prepare
    const request = makeRequest({ body: BODY, headers: { [header]: expectedHmac(BODY) } });

    // Act
    const reason = rejectionReason(() => shopifyScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a hex signature where base64 is expected', () => {
    // Prepare
    const hex = createHmac('sha256', SECRET).update(BODY).digest('hex');
    const request = makeRequest({ body: BODY, headers: { 'x-shopify-hmac-sha256': hex } });

    // Act
    const reason = rejectionReason(() => shopifyScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('reads the webhook id and topic from the prefixed headers', () => {
    // Prepare
    const request = makeRequest({
      body: BODY,
      headers: {
        'x-shopify-webhook-id': 'b54557e4',
        'x-shopify-event-id': 'e-9',
        'x-shopify-topic': 'orders/create',
      },
    });

    // Act
    const interpretation = shopifyScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({
      kind: 'event',
      providerEventId: 'b54557e4',
      eventType: 'orders/create',
    });
  });

  it('reads the id and topic from the newer unprefixed headers', () => {
    // Prepare
    const request = makeRequest({
      body: BODY,
      headers: { 'shopify-webhook-id': 'w-2', 'shopify-topic': 'products/update' },
    });

    // Act
    const interpretation = shopifyScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'w-2', eventType: 'products/update' });
  });

  it('falls back to the event id header when there is no webhook id', () => {
    // Prepare
    const request = makeRequest({ body: BODY, headers: { 'x-shopify-event-id': 'e-3' } });

    // Act
    const interpretation = shopifyScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'e-3', eventType: null });
  });

  it('throws MalformedPayloadError for a body that is not JSON', () => {
    // Act
    const act = () => shopifyScheme.interpret(makeRequest({ body: 'id=1' }));

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
