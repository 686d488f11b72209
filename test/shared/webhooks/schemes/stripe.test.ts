import { createHmac } from 'node:crypto';
import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { stripeScheme } from '../../../../shared/webhooks/schemes/stripe.ts';
import { makeRequest, NOW, rejectionReason, signedRequest } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const SECRET = 'whsec_dGhpcy1pcy1hLXN0cmlwZS10ZXN0LXNlY3JldA';
const OLD_SECRET = 'whsec_old_rotated_stripe_secret_value';
const BODY = '{"id":"evt_1","object":"event","type":"payment_intent.succeeded"}';

const hexSignature = (key: string | Buffer, timestamp: number, body: string) =>
  createHmac('sha256', key).update(`${timestamp}.${body}`).digest('hex');

const withSignatureHeader = (value: string, body = BODY) =>
  makeRequest({ body, headers: { 'stripe-signature': value } });

describe('Scheme: stripe', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: stripeScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: BODY,
    contentType: 'application/json',
    signatureHeader: 'stripe-signature',
    checksTimestamp: true,
  });

  it('verifies a header made by the official stripe library', () => {
    // Prepare
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: BODY,
      secret: SECRET,
      timestamp: NOW,
    });

    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('signs requests that the official stripe library accepts', () => {
    // Prepare
    const now = Math.floor(Date.now() / 1000);
    const request = signedRequest(stripeScheme, {
      body: BODY,
      secret: SECRET,
      signedAt: now,
      nowSeconds: now,
    });

    // Act
    const event = Stripe.webhooks.constructEvent(BODY, request.headers['stripe-signature'] ?? '', SECRET);

    // Assess
    expect(event.id).toBe('evt_1');
  });

  it('keys the HMAC with the whole whsec_ string, not its decoded bytes', () => {
    // Prepare
    const decodedKey = Buffer.from(SECRET.slice(6), 'base64');
    const header = `t=${NOW},v1=${hexSignature(decodedKey, NOW, BODY)}`;

    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('verifies when any of several v1 signatures matches and ignores v0', () => {
    // Prepare
    const good = hexSignature(SECRET, NOW, BODY);
    const header = `t=${NOW},v0=${good},v1=${'0'.repeat(64)},v1=${good}`;

    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a header whose only valid signature is a v0 one', () => {
    // Prepare
    const header = `t=${NOW},v0=${hexSignature(SECRET, NOW, BODY)}`;

    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it.each([
    ['no timestamp', `v1=${'a'.repeat(64)}`],
    ['two timestamps', `t=${NOW},t=${NOW},v1=${'a'.repeat(64)}`],
    ['a non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`],
    ['no v1 entry', `t=${NOW}`],
    ['garbage', 'garbage'],
  ])('rejects a header with %s', (_label, header) => {
    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it('rejects a signature moved to another timestamp', () => {
    // Prepare
    const header = `t=${NOW - 10},v1=${hexSignature(SECRET, NOW, BODY)}`;

    // Act
    const reason = rejectionReason(() => stripeScheme.verify(withSignatureHeader(header), [SECRET]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('reads the id and type from the event body', () => {
    // Act
    const interpretation = stripeScheme.interpret(makeRequest({ body: BODY }));

    // Assess
    expect(interpretation).toEqual({
      kind: 'event',
      providerEventId: 'evt_1',
      eventType: 'payment_intent.succeeded',
    });
  });

  it.each([
    ['text', 'not json'],
    ['a JSON array', '[1,2]'],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x00])],
  ])('throws MalformedPayloadError for a body of %s', (_label, body) => {
    // Act
    const act = () => stripeScheme.interpret(makeRequest({ body }));

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
