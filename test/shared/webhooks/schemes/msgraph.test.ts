import { describe, expect, it } from 'vitest';
import { msgraphScheme } from '../../../../shared/webhooks/schemes/msgraph.ts';
import { makeRequest, NOW, rejectionReason } from '../request.ts';

const CLIENT_STATE = 'client-state-new';
const OLD_CLIENT_STATE = 'client-state-old';

const notification = (clientState: unknown, changeType = 'created') => ({
  subscriptionId: 'sub-1',
  clientState,
  changeType,
  resource: 'teams/t-1/channels/c-1/messages/m-1',
  tenantId: 'tenant-1',
});
const bodyOf = (...items: unknown[]) => JSON.stringify({ value: items });

describe('Scheme: msgraph', () => {
  it('answers the validation handshake with the URL-decoded token as plain text', () => {
    // Prepare
    const request = makeRequest({
      rawQueryString: 'validationToken=Validation%3A+Testing+client+%26+%3Cb%3E',
    });

    // Act
    const answer = msgraphScheme.preVerificationHandshake?.(request);

    // Assess
    expect(answer).toEqual({
      kind: 'handshake',
      statusCode: 200,
      contentType: 'text/plain',
      body: 'Validation: Testing client & <b>',
    });
  });

  it('has no handshake when the query has no validationToken', () => {
    // Prepare
    const request = makeRequest({ body: bodyOf(notification(CLIENT_STATE)), rawQueryString: 'other=1' });

    // Act
    const answer = msgraphScheme.preVerificationHandshake?.(request);

    // Assess
    expect(answer).toBeNull();
  });

  it('verifies notifications that all carry a configured clientState', () => {
    // Prepare
    const request = makeRequest({
      body: bodyOf(notification(CLIENT_STATE), notification(CLIENT_STATE, 'updated')),
    });

    // Act
    const reason = rejectionReason(() => msgraphScheme.verify(request, [CLIENT_STATE]));

    // Assess
    expect(reason).toBeNull();
  });

  it('verifies either clientState while both are listed during rotation', () => {
    // Prepare
    const request = makeRequest({ body: bodyOf(notification(OLD_CLIENT_STATE), notification(CLIENT_STATE)) });

    // Act
    const reason = rejectionReason(() => msgraphScheme.verify(request, [OLD_CLIENT_STATE, CLIENT_STATE]));

    // Assess
    expect(reason).toBeNull();
  });

  it.each([
    ['an unknown clientState', [notification('guess')]],
    ['one unknown clientState among valid ones', [notification(CLIENT_STATE), notification('guess')]],
    ['no clientState', [notification(undefined)]],
    ['a clientState that is not a string', [notification(7)]],
  ])('rejects notifications with %s', (_label, items) => {
    // Prepare
    const request = makeRequest({ body: bodyOf(...items) });

    // Act
    const reason = rejectionReason(() => msgraphScheme.verify(request, [CLIENT_STATE]));

    // Assess
    expect(reason).toBe('client_state_mismatch');
  });

  it.each([
    ['an empty body', ''],
    ['a body that is not JSON', 'value=1'],
    ['a body that is not UTF-8', Buffer.from([0xff, 0xfe, 0x00])],
    ['a body without value', '{}'],
    ['an empty value list', '{"value":[]}'],
    ['items that are not objects', '{"value":["x"]}'],
  ])('rejects %s as malformed', (_label, body) => {
    // Act
    const reason = rejectionReason(() => msgraphScheme.verify(makeRequest({ body }), [CLIENT_STATE]));

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it('rejects every request when no clientState is configured', () => {
    // Prepare
    const request = makeRequest({ body: bodyOf(notification('')) });

    // Act
    const reasons = [[], ['']].map((secrets) =>
      rejectionReason(() => msgraphScheme.verify(request, secrets)),
    );

    // Assess
    expect(reasons).toEqual(['no_secret', 'no_secret']);
  });

  it('reads the distinct change types and no id', () => {
    // Prepare
    const request = makeRequest({
      body: bodyOf(
        notification(CLIENT_STATE),
        notification(CLIENT_STATE, 'updated'),
        notification(CLIENT_STATE),
      ),
    });

    // Act
    const interpretation = msgraphScheme.interpret(request);

    // Assess
    expect(interpretation).toEqual({ kind: 'event', providerEventId: null, eventType: 'created,updated' });
  });

  it('reads the lifecycle event of a lifecycle notification as its type', () => {
    // Prepare
    const body = bodyOf({
      subscriptionId: 'sub-1',
      clientState: CLIENT_STATE,
      lifecycleEvent: 'reauthorizationRequired',
    });

    // Act
    const interpretation = msgraphScheme.interpret(makeRequest({ body }));

    // Assess
    expect(interpretation).toEqual({
      kind: 'event',
      providerEventId: null,
      eventType: 'reauthorizationRequired',
    });
  });

  it('signs nothing, since the clientState travels in the body', () => {
    // Act
    const signed = msgraphScheme.sign({
      body: Buffer.from(bodyOf(notification(CLIENT_STATE))),
      secret: CLIENT_STATE,
      nowSeconds: NOW,
      url: 'https://hooks.example.com/webhooks/msgraph/acme',
      contentType: 'application/json',
    });

    // Assess
    expect(signed).toEqual({ headers: {}, query: '' });
  });
});
