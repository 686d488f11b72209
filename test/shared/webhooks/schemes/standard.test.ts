import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { standardScheme } from '../../../../shared/webhooks/schemes/standard.ts';
import { makeRequest, NOW, rejectionReason, signedRequest, withHeaders, withoutHeader } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

// Published Standard Webhooks test vector.
const VECTOR = {
  secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
  id: 'msg_p5jXN8AQM9LWM0D4loKWxJek',
  timestamp: 1614265330,
  body: '{"test": 2432232314}',
  signature: 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=',
};
const SECRET = 'whsec_c2VjcmV0LWtleS1mb3ItdGhlLW5ldy1lbmRwb2ludA==';
const OLD_SECRET = 'whsec_b2xkLXNlY3JldC1rZXktZm9yLXRoZS1lbmRwb2ludA==';
const BODY = '{"type":"invoice.paid","data":{"id":"in_1"}}';

const vectorRequest = (headers: Record<string, string> = {}) =>
  makeRequest({
    body: VECTOR.body,
    nowSeconds: VECTOR.timestamp,
    headers: {
      'webhook-id': VECTOR.id,
      'webhook-timestamp': String(VECTOR.timestamp),
      'webhook-signature': VECTOR.signature,
      ...headers,
    },
  });

describe('Scheme: standard', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: standardScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'webhook-signature',
    checksTimestamp: true,
  });

  it('verifies the published test vector', () => {
    // Act
    const reason = rejectionReason(() => standardScheme.verify(vectorRequest(), [VECTOR.secret]));

    // Assess
    expect(reason).toBeNull();
  });

  it('verifies the published test vector with the secret given without its whsec_ prefix', () => {
    // Act
    const reason = rejectionReason(() => standardScheme.verify(vectorRequest(), [VECTOR.secret.slice(6)]));

    // Assess
    expect(reason).toBeNull();
  });

  it('verifies a signature made by the official standardwebhooks library', () => {
    // Prepare
    const signature = new Webhook(SECRET).sign('msg_oracle', new Date(NOW * 1000), BODY);
    const request = makeRequest({
      body: BODY,
      headers: {
        'webhook-id': 'msg_oracle',
        'webhook-timestamp': String(NOW),
        'webhook-signature': signature,
      },
    });

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('signs requests that the official standardwebhooks library accepts', () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const request = signedRequest(standardScheme, {
      body: BODY,
      secret: SECRET,
      signedAt: now,
      nowSeconds: now,
    });

    // Act
    const payload = new Webhook(SECRET).verify(BODY, request.headers);

    // Assess
    expect(payload).toEqual(JSON.parse(BODY));
    expect(request.headers['webhook-id']).toMatch(/^msg_[A-Za-z0-9_-]+$/);
  });

  it('accepts the svix- header names', () => {
    // Prepare
    const request = makeRequest({
      body: VECTOR.body,
      nowSeconds: VECTOR.timestamp,
      headers: {
        'svix-id': VECTOR.id,
        'svix-timestamp': String(VECTOR.timestamp),
        'svix-signature': VECTOR.signature,
      },
    });

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a request that mixes webhook- and svix- header names', () => {
    // Prepare
    const request = withHeaders(withoutHeader(vectorRequest(), 'webhook-signature'), {
      'svix-signature': VECTOR.signature,
    });

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it.each(['webhook-id', 'webhook-timestamp'])('rejects a request without %s', (header) => {
    // Prepare
    const request = withoutHeader(vectorRequest(), header);

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it('verifies when any of several v1 signatures matches and ignores other versions', () => {
    // Prepare
    const other = 'v1,Zm9yZ2VkLXNpZ25hdHVyZS1mb3ItdGVzdGluZy0xMjM0NTY=';
    const request = vectorRequest({ 'webhook-signature': `v1a,AAAA ${other} ${VECTOR.signature}` });

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a signature header with no v1 entry', () => {
    // Prepare
    const valueOnly = VECTOR.signature.slice(3);
    const request = vectorRequest({ 'webhook-signature': `v1a,${valueOnly} v2,${valueOnly} ${valueOnly}` });

    // Act
    const reason = rejectionReason(() => standardScheme.verify(request, [VECTOR.secret]));

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it('rejects a request whose signed id was changed', () => {
    // Act
    const reason = rejectionReason(() =>
      standardScheme.verify(vectorRequest({ 'webhook-id': 'msg_other' }), [VECTOR.secret]),
    );

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('treats a secret that is not base64 as one that cannot match', () => {
    // Prepare
    const request = vectorRequest();

    // Act
    const invalidOnly = rejectionReason(() =>
      standardScheme.verify(request, ['whsec_not*base64!', 'whsec_']),
    );
    const invalidAndValid = rejectionReason(() =>
      standardScheme.verify(request, ['whsec_%%%', VECTOR.secret]),
    );

    // Assess
    expect(invalidOnly).toBe('signature_mismatch');
    expect(invalidAndValid).toBeNull();
  });

  it('refuses to sign with a secret that is not base64', () => {
    // Act
    const act = () =>
      standardScheme.sign({
        body: Buffer.from(BODY),
        secret: 'whsec_***',
        nowSeconds: NOW,
        url: '',
        contentType: 'application/json',
      });

    // Assess
    expect(act).toThrow(TypeError);
  });

  it('reads the id from webhook-id and the type from the JSON body', () => {
    // Prepare
    const request = makeRequest({ body: BODY, headers: { 'webhook-id': 'msg_1' } });

    // Act
    const interpretation = standardScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'msg_1', eventType: 'invoice.paid' });
  });

  it('reads the id from svix-id and a null type for a body that is not JSON', () => {
    // Prepare
    const request = makeRequest({ body: Buffer.from([0xff, 0xfe, 0x00]), headers: { 'svix-id': 'msg_2' } });

    // Act
    const interpretation = standardScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'msg_2', eventType: null });
  });

  it('reads a null type when the JSON body has no string type', () => {
    // Prepare
    const request = makeRequest({ body: '{"type":7}', headers: { 'webhook-id': 'msg_3' } });

    // Act
    const interpretation = standardScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'msg_3', eventType: null });
  });
});

describe('Scheme: standard (signing with a given id)', () => {
  it('uses the given message id as webhook-id, so re-signed deliveries carry the platform event id', () => {
    // Act
    const signed = standardScheme.sign({
      body: Buffer.from('{}'),
      secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
      nowSeconds: 1_795_000_000,
      url: 'https://example.com/hook',
      contentType: 'application/json',
      id: 'evt_01a206d8-21d3-7eca-89f6-4cec2e9f1132',
    });

    // Assess
    expect(signed.headers['webhook-id']).toBe('evt_01a206d8-21d3-7eca-89f6-4cec2e9f1132');
  });
});
