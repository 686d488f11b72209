import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { lineworksScheme } from '../../../../shared/webhooks/schemes/lineworks.ts';
import { makeRequest, rejectionReason } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const SECRET = 'lineworks-bot-secret-new';
const OLD_SECRET = 'lineworks-bot-secret-old';
const BODY =
  '{"type":"message","source":{"userId":"u-1","channelId":"c-1"},"content":{"type":"text","text":"hi"}}';

describe('Scheme: lineworks', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: lineworksScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'x-works-signature',
    checksTimestamp: false,
  });

  it('verifies a base64 signature computed independently over the raw body', () => {
    // Prepare
    const signature = createHmac('sha256', SECRET).update(BODY).digest('base64');
    const request = makeRequest({
      body: BODY,
      headers: { 'x-works-signature': signature, 'x-works-botid': '42' },
    });

    // Act
    const reason = rejectionReason(() => lineworksScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('reads the callback type and no id', () => {
    // Act
    const interpretation = lineworksScheme.interpret(makeRequest({ body: BODY }));

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: 'message' });
  });

  it('throws MalformedPayloadError for a body that is not JSON', () => {
    // Act
    const act = () => lineworksScheme.interpret(makeRequest({ body: 'type=message' }));

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
