import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { genericScheme } from '../../../../shared/webhooks/schemes/generic.ts';
import { makeRequest, NOW, rejectionReason, signedRequest, withHeaders, withoutHeader } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const SECRET = 'generic-secret-new';
const OLD_SECRET = 'generic-secret-old';
const BODY = '{"order":"A-1","total":42}';

describe('Scheme: generic', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: genericScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'x-signature',
    checksTimestamp: true,
  });

  it('verifies a signature computed independently over timestamp, dot and body', () => {
    // Prepare
    const signature = createHmac('sha256', SECRET).update(`${NOW}.${BODY}`).digest('hex');
    const request = makeRequest({
      body: BODY,
      headers: { 'x-signature': signature, 'x-timestamp': String(NOW) },
    });

    // Act
    const reason = rejectionReason(() => genericScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a request without a timestamp header', () => {
    // Prepare
    const request = withoutHeader(
      signedRequest(genericScheme, { body: BODY, secret: SECRET }),
      'x-timestamp',
    );

    // Act
    const reason = rejectionReason(() => genericScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it.each(['abc', '1.7e9', '-1700000000', '', '1700000000.5'])(
    'rejects the malformed timestamp %j',
    (timestamp) => {
      // Prepare
      const signed = signedRequest(genericScheme, { body: BODY, secret: SECRET });
      const request = withHeaders(signed, { 'x-timestamp': timestamp });

      // Act
      const reason = rejectionReason(() => genericScheme.verify(request, [SECRET]));

      // Assess
      expect(reason).toBe(timestamp === '' ? 'missing_header' : 'malformed_header');
    },
  );

  it('rejects a signature that was re-signed for another timestamp', () => {
    // Prepare
    const signed = signedRequest(genericScheme, { body: BODY, secret: SECRET });
    const request = withHeaders(signed, { 'x-timestamp': String(NOW + 1) });

    // Act
    const reason = rejectionReason(() => genericScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('reads the event id and type from the optional headers', () => {
    // Prepare
    const request = makeRequest({
      body: 'not json',
      headers: { 'x-event-id': 'evt-1', 'x-event-type': 'order.paid' },
    });

    // Act
    const interpretation = genericScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'evt-1', eventType: 'order.paid' });
  });

  it('reads null id and type when the optional headers are absent', () => {
    // Act
    const interpretation = genericScheme.interpret(makeRequest({ body: Buffer.from([0xff]) }));

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: null });
  });
});
