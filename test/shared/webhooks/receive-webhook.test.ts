import { beforeEach, describe, expect, it } from 'vitest';
import { decodeInlineBody, isClaimChecked } from '../../../shared/webhooks/envelope.ts';
import { EventEnvelopeSchema } from '../../../shared/webhooks/envelope-schema.ts';
import type { InboundRequest } from '../../../shared/webhooks/inbound-request.ts';
import { type ReceiveWebhookDeps, receiveWebhook } from '../../../shared/webhooks/receive-webhook.ts';
import { MemoryBlobStore, MemoryQueue, MemorySecretStore } from '../../support/fakes.ts';
import { signGeneric } from '../../support/sign.ts';

const NOW = new Date('2026-11-23T06:00:00.000Z');
const NOW_S = NOW.getTime() / 1000;
const SECRET = 'generic-secret-current';

const request = (overrides: Partial<InboundRequest> = {}, body = '{"hello":"world"}'): InboundRequest => ({
  method: 'POST',
  path: '/webhooks/generic/acme',
  rawQueryString: '',
  headers: {
    'content-type': 'application/json',
    'x-event-type': 'order.created',
    ...signGeneric(body, SECRET, NOW_S),
  },
  body,
  isBase64Encoded: false,
  publicBaseUrl: 'https://hooks.example.com',
  ...overrides,
});

describe('Use case: receiveWebhook', () => {
  let secrets: MemorySecretStore;
  let queue: MemoryQueue;
  let blobs: MemoryBlobStore;
  let deps: ReceiveWebhookDeps;

  beforeEach(() => {
    secrets = new MemorySecretStore({
      'acme/generic': [SECRET, 'generic-secret-previous'],
      'acme/msgraph': ['cs-1'],
    });
    queue = new MemoryQueue();
    blobs = new MemoryBlobStore();
    deps = {
      secrets,
      queue,
      blobs,
      config: { maxBodyBytes: 64 * 1024, claimCheckThresholdBytes: 8 * 1024 },
      now: () => NOW,
      newEventId: () => 'evt_test-1',
    };
  });

  it('accepts a verified request and enqueues a valid envelope', async () => {
    // Act
    const { outcome } = await receiveWebhook(request(), 'trace-1', deps);

    // Assess
    expect(outcome).toEqual({ kind: 'accepted', eventId: 'evt_test-1', claimChecked: false });
    expect(queue.sent).toHaveLength(1);
    const envelope = EventEnvelopeSchema.parse(queue.sent[0]);
    expect(envelope).toMatchObject({
      event_id: 'evt_test-1',
      provider: 'generic',
      tenant_id: 'acme',
      event_type: 'order.created',
      received_at: '2026-11-23T06:00:00.000Z',
      trace_id: 'trace-1',
      content_type: 'application/json',
      body: { encoding: 'utf8', data: '{"hello":"world"}' },
    });
  });

  it('never copies signature headers into the envelope', async () => {
    // Act
    await receiveWebhook(request(), 'trace-1', deps);

    // Assess
    expect(Object.keys(queue.sent[0]!.headers)).not.toContain('x-signature');
    expect(JSON.stringify(queue.sent[0])).not.toContain(
      signGeneric('{"hello":"world"}', SECRET, NOW_S)['x-signature'],
    );
  });

  it('accepts a request signed with the previous secret during rotation', async () => {
    // Prepare
    const body = '{"rotated":true}';
    const headers = { ...signGeneric(body, 'generic-secret-previous', NOW_S) };

    // Act
    const { outcome } = await receiveWebhook(request({ headers }, body), 't', deps);

    // Assess
    expect(outcome.kind).toBe('accepted');
  });

  it('keeps a base64-delivered non-UTF-8 body byte-exact', async () => {
    // Prepare
    const bytes = Buffer.from([0xff, 0xfe, 0x00, 0x41, 0x80]);
    const headers = { 'content-type': 'application/octet-stream', ...signGeneric(bytes, SECRET, NOW_S) };

    // Act
    const { outcome } = await receiveWebhook(
      request({ headers, body: bytes.toString('base64'), isBase64Encoded: true }),
      't',
      deps,
    );

    // Assess
    expect(outcome.kind).toBe('accepted');
    const body = queue.sent[0]!.body;
    expect(isClaimChecked(body)).toBe(false);
    if (!isClaimChecked(body)) expect(decodeInlineBody(body).equals(bytes)).toBe(true);
  });

  it.each([
    ['an unknown provider', { path: '/webhooks/paypal/acme' }, 'not_found'],
    ['a path outside /webhooks', { path: '/admin' }, 'not_found'],
    ['a path with extra segments', { path: '/webhooks/generic/acme/x' }, 'not_found'],
    ['a GET', { method: 'GET' }, 'method_not_allowed'],
    ['an upper-case tenant id', { path: '/webhooks/generic/ACME' }, 'invalid_tenant_id'],
    ['a tenant id that walks the secret path', { path: '/webhooks/generic/..%2Facme' }, 'invalid_tenant_id'],
    ['a tenant id with an undecodable escape', { path: '/webhooks/generic/acme%ZZ' }, 'invalid_tenant_id'],
    [
      'a tenant id escaping a byte that is not UTF-8',
      { path: '/webhooks/generic/acme%FF' },
      'invalid_tenant_id',
    ],
    ['a provider with an undecodable escape', { path: '/webhooks/gen%ZZ/acme' }, 'not_found'],
    ['an unknown tenant', { path: '/webhooks/generic/globex' }, 'no_secret'],
    ['a tampered signature', { headers: { ...signGeneric('{}', SECRET, NOW_S) } }, 'signature_mismatch'],
    [
      'a stale timestamp',
      { headers: signGeneric('{"hello":"world"}', SECRET, NOW_S - 301) },
      'timestamp_out_of_window',
    ],
  ] as const)('rejects %s without enqueuing', async (_name, overrides, reason) => {
    // Act
    const { outcome } = await receiveWebhook(request(overrides as Partial<InboundRequest>), 't', deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', reason });
    expect(queue.sent).toHaveLength(0);
  });

  it('rejects a body over the limit before reading any secret', async () => {
    // Prepare
    const body = 'x'.repeat(64 * 1024 + 1);

    // Act
    const { outcome } = await receiveWebhook(request({}, body), 't', deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'payload_too_large' });
    expect(secrets.lookups).toHaveLength(0);
  });

  it('answers the Graph validation handshake only for a tenant with an msgraph secret', async () => {
    // Prepare
    const handshake = {
      path: '/webhooks/msgraph/acme',
      rawQueryString: 'validationToken=a%3Cb%3E+c',
      headers: {},
      body: '',
    };

    // Act
    const known = await receiveWebhook(request(handshake), 't', deps);
    const unknown = await receiveWebhook(
      request({ ...handshake, path: '/webhooks/msgraph/globex' }),
      't',
      deps,
    );

    // Assess
    expect(known.outcome).toMatchObject({
      kind: 'handshake',
      answer: { contentType: 'text/plain', body: 'a<b> c' },
    });
    expect(unknown.outcome).toMatchObject({ kind: 'rejected', reason: 'no_secret' });
  });

  it('answers 503 reasons when the secret store or the queue is unavailable', async () => {
    // Prepare
    secrets.unavailable = true;

    // Act
    const storeDown = await receiveWebhook(request(), 't', deps);
    secrets.unavailable = false;
    queue.failWith();
    const queueDown = await receiveWebhook(request(), 't', deps);

    // Assess
    expect(storeDown.outcome).toMatchObject({ kind: 'rejected', reason: 'secret_store_unavailable' });
    expect(queueDown.outcome).toMatchObject({ kind: 'rejected', reason: 'not_durable' });
  });

  it('treats an unexpected queue fault as not durable rather than throwing', async () => {
    // Prepare
    queue.failWith(new TypeError('adapter bug'));

    // Act
    const { outcome } = await receiveWebhook(request(), 't', deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'not_durable' });
  });

  it('claim-checks a body whose envelope would exceed the threshold', async () => {
    // Prepare
    const body = JSON.stringify({ blob: 'y'.repeat(10 * 1024) });
    const headers = { 'content-type': 'application/json', ...signGeneric(body, SECRET, NOW_S) };

    // Act
    const { outcome } = await receiveWebhook(request({ headers }, body), 't', deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'accepted', claimChecked: true });
    const envelope = EventEnvelopeSchema.parse(queue.sent[0]);
    expect(envelope.body).toEqual({
      claim_check: {
        bucket: 'claim-check-test',
        key: 'acme/generic/2026-11-23/evt_test-1',
        size: Buffer.byteLength(body),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      },
    });
    expect(blobs.objects.get('acme/generic/2026-11-23/evt_test-1')?.bytes.toString()).toBe(body);
  });

  it('enqueues nothing when the claim-check store fails', async () => {
    // Prepare
    blobs.failing = true;
    const body = 'z'.repeat(10 * 1024);
    const headers = signGeneric(body, SECRET, NOW_S);

    // Act
    const { outcome } = await receiveWebhook(request({ headers }, body), 't', deps);

    // Assess
    expect(outcome).toMatchObject({ kind: 'rejected', reason: 'not_durable' });
    expect(queue.sent).toHaveLength(0);
  });
});
