import { createHash } from 'node:crypto';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { twilioScheme } from '../../../../shared/webhooks/schemes/twilio.ts';
import { makeRequest, rejectionReason, signedRequest, withBody } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

const TOKEN = '12345678901234567890123456789012';
const OLD_TOKEN = 'abcdefabcdefabcdefabcdefabcdefab';
const URL_BASE = 'https://hooks.example.com/webhooks/twilio/acme';
const FORM = 'application/x-www-form-urlencoded';
const SMS = {
  MessageSid: 'SM0123456789abcdef0123456789abcdef',
  AccountSid: 'AC0123456789abcdef0123456789abcdef',
  From: '+14155550100',
  To: '+14155550199',
  Body: 'Hello + goodbye & more',
  SmsStatus: 'received',
};
const SMS_BODY = new URLSearchParams(SMS).toString();
const JSON_BODY = '{"MessageSid":"SM1","MessageStatus":"delivered"}';
const hashUrl = (url: string, body: string) =>
  `${url}?bodySHA256=${createHash('sha256').update(body).digest('hex')}`;

const formRequest = (body: string, signature: string, publicUrl = URL_BASE) =>
  makeRequest({ body, publicUrl, headers: { 'content-type': FORM, 'x-twilio-signature': signature } });

const jsonRequest = (body: string, signature: string, publicUrl: string) =>
  makeRequest({
    body,
    publicUrl,
    rawQueryString: publicUrl.split('?')[1] ?? '',
    headers: { 'content-type': 'application/json', 'x-twilio-signature': signature },
  });

const interpret = (body: string, contentType = FORM, headers: Record<string, string> = {}) =>
  twilioScheme.interpret(makeRequest({ body, headers: { 'content-type': contentType, ...headers } }));

describe('Scheme: twilio', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: twilioScheme,
    secret: TOKEN,
    otherSecret: OLD_TOKEN,
    body: SMS_BODY,
    contentType: FORM,
    signatureHeader: 'x-twilio-signature',
    checksTimestamp: false,
    // Form signatures cover decoded parameters; raw bytes are covered only through bodySHA256.
    binaryContentType: 'application/octet-stream',
  });

  it('verifies a form request signed by the official twilio library', () => {
    // Prepare
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_BASE, SMS);

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(formRequest(SMS_BODY, signature), [TOKEN]));

    // Assess
    expect(reason).toBeNull();
  });

  it('signs form requests that the official twilio library accepts', () => {
    // Prepare
    const request = signedRequest(twilioScheme, {
      body: SMS_BODY,
      secret: TOKEN,
      contentType: FORM,
      url: URL_BASE,
    });

    // Act
    const valid = twilio.validateRequest(TOKEN, request.headers['x-twilio-signature'] ?? '', URL_BASE, SMS);

    // Assess
    expect(valid).toBe(true);
  });

  it('signs repeated form keys the way the official twilio library does', () => {
    // Prepare
    const body =
      'To=%2B1&MediaUrl=https%3A%2F%2Fb&From=%2B2&MediaUrl=https%3A%2F%2Fa&MediaUrl=https%3A%2F%2Fb';
    const params = { To: '+1', From: '+2', MediaUrl: ['https://b', 'https://a', 'https://b'] };
    const signature = twilio.getExpectedTwilioSignature(TOKEN, URL_BASE, params);

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(formRequest(body, signature), [TOKEN]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a form of one key repeated 200 000 times without quadratic work', () => {
    // Prepare
    const request = formRequest('a=&'.repeat(200_000), 'forged');
    const started = performance.now();

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(request, [TOKEN]));

    // Assess
    expect(reason).toBe('signature_mismatch');
    // Linear work takes tens of milliseconds; the quadratic grouping took minutes at this size.
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it.each([
    [
      'signed with :443, received without a port',
      `https://hooks.example.com:443/webhooks/twilio/acme`,
      URL_BASE,
    ],
    [
      'signed without a port, received with :443',
      URL_BASE,
      `https://hooks.example.com:443/webhooks/twilio/acme`,
    ],
  ])('verifies a URL %s', (_label, signedUrl, publicUrl) => {
    // Prepare
    const signature = twilio.getExpectedTwilioSignature(TOKEN, signedUrl, SMS);

    // Act
    const reason = rejectionReason(() =>
      twilioScheme.verify(formRequest(SMS_BODY, signature, publicUrl), [TOKEN]),
    );

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a signature made for another URL', () => {
    // Prepare
    const signature = twilio.getExpectedTwilioSignature(TOKEN, `${URL_BASE}-other`, SMS);

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(formRequest(SMS_BODY, signature), [TOKEN]));

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('verifies a JSON request whose URL carries the body hash, signed by the official library', () => {
    // Prepare
    const url = hashUrl(URL_BASE, JSON_BODY);
    const signature = twilio.getExpectedTwilioSignature(TOKEN, url, {});

    // Act
    const reason = rejectionReason(() =>
      twilioScheme.verify(jsonRequest(JSON_BODY, signature, url), [TOKEN]),
    );

    // Assess
    expect(reason).toBeNull();
  });

  it('signs JSON requests that the official validateRequestWithBody accepts', () => {
    // Prepare
    const request = signedRequest(twilioScheme, { body: JSON_BODY, secret: TOKEN, url: URL_BASE });

    // Act
    const valid = twilio.validateRequestWithBody(
      TOKEN,
      request.headers['x-twilio-signature'] ?? '',
      request.publicUrl,
      JSON_BODY,
    );

    // Assess
    expect(valid).toBe(true);
    expect(request.publicUrl).toBe(hashUrl(URL_BASE, JSON_BODY));
  });

  it('rejects a JSON body that no longer matches the signed body hash', () => {
    // Prepare
    const url = hashUrl(URL_BASE, JSON_BODY);
    const request = jsonRequest(JSON_BODY, twilio.getExpectedTwilioSignature(TOKEN, url, {}), url);

    // Act
    const reason = rejectionReason(() =>
      twilioScheme.verify(withBody(request, '{"MessageSid":"SM2"}'), [TOKEN]),
    );

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('rejects a JSON body whose URL carries no body hash', () => {
    // Prepare
    const request = jsonRequest(JSON_BODY, twilio.getExpectedTwilioSignature(TOKEN, URL_BASE, {}), URL_BASE);

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(request, [TOKEN]));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it('verifies a request without a body by its URL alone', () => {
    // Prepare
    const url = `${URL_BASE}?CallSid=CA1`;
    const request = makeRequest({
      publicUrl: url,
      headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TOKEN, url, {}) },
    });

    // Act
    const reason = rejectionReason(() => twilioScheme.verify(request, [TOKEN]));

    // Assess
    expect(reason).toBeNull();
  });

  it.each([
    ['an incoming message by its MessageSid', SMS_BODY, FORM, SMS.MessageSid, 'message'],
    [
      'a message status callback, status in the id',
      'MessageSid=SM1&MessageStatus=sent',
      FORM,
      'SM1:sent',
      'message.status',
    ],
    [
      'a legacy SmsStatus callback, status in the id',
      'MessageSid=SM1&SmsStatus=delivered',
      FORM,
      'SM1:delivered',
      'message.status',
    ],
    ['an incoming call by its CallSid', 'CallSid=CA1&CallStatus=ringing&From=%2B1', FORM, 'CA1', 'call'],
    [
      'a final call status callback',
      'CallSid=CA1&CallStatus=completed',
      FORM,
      'CA1:completed',
      'call.status',
    ],
    [
      'a call-progress event',
      'CallSid=CA1&CallStatus=ringing&CallbackSource=call-progress-events',
      FORM,
      'CA1:ringing',
      'call.status',
    ],
    ['a JSON body', JSON_BODY, 'application/json', 'SM1:delivered', 'message.status'],
  ])('reads %s', (_label, body, contentType, id, type) => {
    // Act
    const interpretation = interpret(body, contentType);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: id, eventType: type });
  });

  it('falls back to the idempotency token when the body names no message or call', () => {
    // Act
    const interpretation = interpret('AccountSid=AC1', FORM, { 'i-twilio-idempotency-token': 'tok-1' });

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'tok-1', eventType: null });
  });

  it('reads a null id and type for an empty body without idempotency token', () => {
    // Act
    const interpretation = twilioScheme.interpret(makeRequest());

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: null });
  });

  it('throws MalformedPayloadError for a JSON body that does not parse', () => {
    // Act
    const act = () => interpret('{"MessageSid":', 'application/json');

    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
