import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../../shared/webhooks/errors.ts';
import { slackScheme } from '../../../../shared/webhooks/schemes/slack.ts';
import { makeRequest, NOW, rejectionReason, withHeaders, withoutHeader } from '../request.ts';
import { itFulfilsTheSignedSchemeContract } from '../scheme-contract.ts';

// Published Slack test vector (a slash command).
const VECTOR = {
  secret: '8f742231b10e8888abcd99yyyzzz85a5',
  timestamp: 1531420618,
  body: 'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
  signature: 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
};
const SECRET = 'slack-signing-secret';
const OLD_SECRET = 'slack-signing-secret-old';
const FORM = 'application/x-www-form-urlencoded';
const EVENT = '{"type":"event_callback","event_id":"Ev1","event":{"type":"app_mention","text":"hi"}}';

const vectorRequest = () =>
  makeRequest({
    body: VECTOR.body,
    nowSeconds: VECTOR.timestamp,
    headers: {
      'content-type': FORM,
      'x-slack-request-timestamp': String(VECTOR.timestamp),
      'x-slack-signature': VECTOR.signature,
    },
  });

const interpretJson = (body: string) =>
  slackScheme.interpret(makeRequest({ body, headers: { 'content-type': 'application/json' } }));

const interpretForm = (body: string) =>
  slackScheme.interpret(makeRequest({ body, headers: { 'content-type': FORM } }));

describe('Scheme: slack', () => {
  itFulfilsTheSignedSchemeContract({
    scheme: slackScheme,
    secret: SECRET,
    otherSecret: OLD_SECRET,
    body: EVENT,
    contentType: 'application/json',
    signatureHeader: 'x-slack-signature',
    checksTimestamp: true,
  });

  it('verifies the published test vector', () => {
    // Act
    const reason = rejectionReason(() => slackScheme.verify(vectorRequest(), [VECTOR.secret]));

    // Assess
    expect(reason).toBeNull();
  });

  it('verifies a signature computed independently over v0:timestamp:body', () => {
    // Prepare
    const digest = createHmac('sha256', SECRET).update(`v0:${NOW}:${EVENT}`).digest('hex');
    const request = makeRequest({
      body: EVENT,
      headers: { 'x-slack-request-timestamp': String(NOW), 'x-slack-signature': `v0=${digest}` },
    });

    // Act
    const reason = rejectionReason(() => slackScheme.verify(request, [SECRET]));

    // Assess
    expect(reason).toBeNull();
  });

  it('rejects a request without a timestamp header', () => {
    // Act
    const reason = rejectionReason(() =>
      slackScheme.verify(withoutHeader(vectorRequest(), 'x-slack-request-timestamp'), [VECTOR.secret]),
    );

    // Assess
    expect(reason).toBe('missing_header');
  });

  it.each([
    ['a signature without v0=', { 'x-slack-signature': VECTOR.signature.slice(3) }],
    ['a signature of another version', { 'x-slack-signature': `v1=${VECTOR.signature.slice(3)}` }],
    ['a timestamp that is not unix seconds', { 'x-slack-request-timestamp': 'yesterday' }],
  ])('rejects %s as malformed', (_label, headers) => {
    // Act
    const reason = rejectionReason(() =>
      slackScheme.verify(withHeaders(vectorRequest(), headers), [VECTOR.secret]),
    );

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it('answers the url_verification handshake with the challenge as plain text', () => {
    // Act
    const interpretation = interpretJson(
      '{"token":"t","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}',
    );

    // Assess
    expect(interpretation).toEqual({
      kind: 'handshake',
      statusCode: 200,
      contentType: 'text/plain',
      body: '3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P',
    });
  });

  it('reads the event id and inner event type of an event callback', () => {
    // Act
    const interpretation = interpretJson(EVENT);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: 'Ev1', eventType: 'app_mention' });
  });

  it('reads other Events API envelopes by their type', () => {
    // Act
    const interpretation = interpretJson('{"type":"app_rate_limited","minute_rate_limited":1518467820}');

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: 'app_rate_limited' });
  });

  it('reads a slash command form with its trigger id', () => {
    // Act
    const interpretation = interpretForm(VECTOR.body);

    // Assess
    expect(interpretation).toEqual({
      kind: 'event',
      providerEventId: '398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
      eventType: 'slash_command',
    });
  });

  it('reads an interactivity form by the type of its payload', () => {
    // Prepare
    const payload = JSON.stringify({
      type: 'block_actions',
      trigger_id: '13345224609.738474920.8088930838d88f008e0',
    });

    // Act
    const interpretation = interpretForm(new URLSearchParams({ payload }).toString());

    // Assess
    expect(interpretation).toEqual({
      kind: 'event',
      providerEventId: '13345224609.738474920.8088930838d88f008e0',
      eventType: 'block_actions',
    });
  });

  it.each([
    ['a JSON body that does not parse', () => interpretJson('{"type":')],
    ['url_verification without a challenge', () => interpretJson('{"type":"url_verification"}')],
    ['a form without payload or command', () => interpretForm('token=x&team_id=T1')],
    ['an interactivity payload that does not parse', () => interpretForm('payload=%7B')],
  ])('throws MalformedPayloadError for %s', (_label, act) => {
    // Assess
    expect(act).toThrow(MalformedPayloadError);
  });
});
