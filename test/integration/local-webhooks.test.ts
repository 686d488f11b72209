import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildDemoCases } from '../../infra/local/demo-cases.ts';
import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import {
  type SignRequestInput,
  sendRequest,
  signRequest,
  unsignedRequest,
} from '../../infra/local/signed-request.ts';
import { decodeInlineBody, isClaimChecked } from '../../shared/webhooks/envelope.ts';
import { PROVIDER_IDS, type ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { InboundQueueReader } from './inbound-queue-reader.ts';

const TENANT = 'acme';

describe('Local mode: webhooks end to end', () => {
  let platform: LocalPlatform;
  let queue: InboundQueueReader;
  let secrets: LocalSecrets;

  const signed = (
    provider: ProviderId,
    rest: Omit<SignRequestInput, 'baseUrl' | 'provider' | 'tenantId' | 'secret'>,
  ) =>
    signRequest({
      baseUrl: platform.baseUrl,
      provider,
      tenantId: TENANT,
      secret: secrets.secretsFor(TENANT, provider)[0]!,
      ...rest,
    });

  beforeAll(async () => {
    // No consumers: this suite reads the inbound queue itself, as the router would.
    platform = await startLocal({
      ...FREE_PORTS,
      consumers: false,
      tenantsFile: false,
      logLevel: 'SILENT',
    });
    queue = new InboundQueueReader(platform.sqsEndpoint, platform.queueUrls.inbound);
    secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
  });

  afterAll(async () => {
    queue?.close();
    await platform?.stop();
  });

  // Drain rather than purge: like SQS, the stand-in allows one PurgeQueue per 60 s.
  beforeEach(async () => {
    await queue.drain();
  });

  it.each(PROVIDER_IDS)('accepts a signed %s webhook and enqueues its envelope', async (provider) => {
    // Prepare
    const payload = demoPayloads[provider]({
      tenantId: TENANT,
      secret: secrets.secretsFor(TENANT, provider)[0]!,
      now: new Date(),
    });
    const request = signed(provider, payload);

    // Act
    const response = await sendRequest(request);

    // Assess
    expect(response.status, response.text).toBe(202);
    const { envelope, attributes } = await queue.receiveOnly();
    expect(envelope).toMatchObject({
      version: 1,
      event_id: response.eventId,
      provider,
      tenant_id: TENANT,
      event_type: payload.eventType,
      content_type: payload.contentType,
    });
    expect(isClaimChecked(envelope.body)).toBe(false);
    if (!isClaimChecked(envelope.body)) expect(decodeInlineBody(envelope.body)).toEqual(payload.body);
    expect(attributes).toEqual({
      tenant_id: TENANT,
      provider,
      event_type: payload.eventType,
      trace_id: envelope.trace_id,
    });
    // Signatures authenticate the request; they must never travel on with the event.
    for (const name of Object.keys(envelope.headers)) expect(name).not.toMatch(/signature|hmac/);
  });

  it('keeps a binary body byte for byte (API Gateway base64-encodes it)', async () => {
    const body = Buffer.concat([Buffer.from([0xff, 0xfe, 0x00, 0x80]), randomBytes(2048)]);
    const response = await sendRequest(signed('generic', { body, contentType: 'application/octet-stream' }));

    expect(response.status, response.text).toBe(202);
    const { envelope } = await queue.receiveOnly();
    expect(envelope.body).toMatchObject({ encoding: 'base64' });
    if (!isClaimChecked(envelope.body)) expect(decodeInlineBody(envelope.body)).toEqual(body);
  });

  it('keeps a "text" body that is not valid UTF-8 byte for byte', async () => {
    const body = Buffer.from([0x68, 0x69, 0xe9, 0x21]); // "hi\xe9!" in Latin-1 while claiming UTF-8
    const response = await sendRequest(signed('generic', { body, contentType: 'text/plain; charset=utf-8' }));

    expect(response.status, response.text).toBe(202);
    const { envelope } = await queue.receiveOnly();
    if (!isClaimChecked(envelope.body)) expect(decodeInlineBody(envelope.body)).toEqual(body);
  });

  it('accepts a form-encoded Slack slash command', async () => {
    const body = Buffer.from(
      'command=%2Fdeploy&text=prod+now&trigger_id=13345224609.738474920.8088930838d88f008e0',
    );
    const response = await sendRequest(
      signed('slack', { body, contentType: 'application/x-www-form-urlencoded' }),
    );

    expect(response.status, response.text).toBe(202);
    const { envelope } = await queue.receiveOnly();
    expect(envelope).toMatchObject({ provider: 'slack', event_type: 'slash_command' });
    expect(envelope.body).toEqual({ encoding: 'utf8', data: body.toString() });
  });

  it('claim-checks a body above ~900 KiB into the object store', async () => {
    const body = randomBytes(1024 * 1024);
    const response = await sendRequest(signed('generic', { body, contentType: 'application/octet-stream' }));

    expect(response.status, response.text).toBe(202);
    const { envelope } = await queue.receiveOnly();
    if (!isClaimChecked(envelope.body)) throw new Error('expected a claim-checked body');
    const { bucket, key, size, sha256 } = envelope.body.claim_check;
    expect(bucket).toBe(platform.claimCheckBucket);
    expect(size).toBe(body.length);
    expect(sha256).toBe(createHash('sha256').update(body).digest('hex'));
    // Compare digests: a deep equality over a mebibyte of Buffer takes vitest seconds.
    const stored = platform.objectStore.get(bucket, key)?.body ?? Buffer.alloc(0);
    expect(createHash('sha256').update(stored).digest('hex')).toBe(sha256);
  });

  it('rejects a bad signature with 401 and enqueues nothing', async () => {
    const request = signed('stripe', {
      body: Buffer.from('{"id":"evt_1","type":"charge.succeeded"}'),
      contentType: 'application/json',
    });
    const forged = { ...request, body: Buffer.from('{"id":"evt_1","type":"charge.refunded"}') };

    const response = await sendRequest(forged);

    expect(response.status).toBe(401);
    expect(await queue.drain()).toEqual([]);
  });

  it('answers an unknown tenant with the same 401 body as a bad signature', async () => {
    const good = signed('generic', { body: Buffer.from('{}'), contentType: 'application/json' });
    const unknownTenant = { ...good, url: good.url.replace('/acme', '/initech') };
    const badSignature = { ...good, headers: { ...good.headers, 'x-signature': '00'.repeat(32) } };

    const [a, b] = await Promise.all([sendRequest(unknownTenant), sendRequest(badSignature)]);

    expect([a.status, b.status]).toEqual([401, 401]);
    expect(a.text).toBe(b.text);
    expect(await queue.drain()).toEqual([]);
  });

  it('answers 404 for an unknown provider and for any other path', async () => {
    const unknown = unsignedRequest({
      baseUrl: platform.baseUrl,
      provider: 'paypal' as ProviderId,
      tenantId: TENANT,
      body: Buffer.from('{}'),
      contentType: 'application/json',
    });
    const other = await fetch(`${platform.baseUrl}/health`);

    expect((await sendRequest(unknown)).status).toBe(404);
    expect(other.status).toBe(404);
  });

  it('answers 405 for a GET on a webhook path', async () => {
    const response = await fetch(`${platform.baseUrl}/webhooks/generic/${TENANT}`);

    expect(response.status).toBe(405);
  });

  it('answers 413 for a body over the receiver limit', async () => {
    const body = Buffer.alloc(4 * 1024 * 1024 + 1, 0x61);
    const response = await sendRequest(signed('generic', { body, contentType: 'application/octet-stream' }));

    expect(response.status).toBe(413);
    expect(await queue.drain()).toEqual([]);
  });

  it('answers the Slack, Graph and LINE handshakes without enqueuing', async () => {
    const handshakes = buildDemoCases({ baseUrl: platform.baseUrl, tenantId: TENANT, secrets }).filter(
      (demoCase) => demoCase.expectedStatus === 200,
    );
    expect(handshakes.map((h) => h.label)).toHaveLength(3);

    for (const handshake of handshakes) {
      const response = await sendRequest(handshake.request);
      expect(response.status, handshake.label).toBe(200);
      expect(handshake.check?.(response) ?? null, handshake.label).toBeNull();
    }
    expect(await queue.drain()).toEqual([]);
  });

  it('answers 503 with Retry-After while SQS is down, and accepts again once it is back', async () => {
    const send = () =>
      sendRequest(signed('generic', { body: Buffer.from('{"n":1}'), contentType: 'application/json' }));
    await platform.sqs.stop();
    let down: Awaited<ReturnType<typeof send>>;
    try {
      down = await send();
    } finally {
      await platform.sqs.restart();
    }

    expect(down.status).toBe(503);
    expect(Number(down.headers.get('retry-after'))).toBeGreaterThan(0);
    const up = await send();
    expect(up.status).toBe(202);
    expect((await queue.receiveOnly()).envelope.event_id).toBe(up.eventId);
  });
});
