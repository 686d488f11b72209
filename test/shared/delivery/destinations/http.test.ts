import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { HttpDestinationAdapter } from '../../../../shared/delivery/destinations/http.ts';
import { TenantSecrets } from '../../../../shared/delivery/destinations/secrets.ts';
import { AuthExpiredError, PermanentError, RetryableError } from '../../../../shared/kernel/errors.ts';
import type { HttpDestination } from '../../../../shared/tenants/destinations.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import {
  deliveryContext,
  EVENT_ID,
  fastRuntime,
  MemorySecrets,
  ROUTE_SECRET,
  ROUTE_SECRET_NAME,
  SECRET_PREFIX,
  TRACE_ID,
} from './fixtures.ts';

const start = useDestinations();

const setup = (secretValue: string | null = JSON.stringify({ signingSecrets: [ROUTE_SECRET] })) => {
  const { time, runtime } = fastRuntime();
  const secrets = new MemorySecrets(new Map(secretValue === null ? [] : [[ROUTE_SECRET_NAME, secretValue]]));
  const adapter = new HttpDestinationAdapter({
    client: runtime.client,
    secrets: new TenantSecrets(secrets, SECRET_PREFIX, time.clock),
    limits: runtime.limits,
    clock: time.clock,
    perAttemptTimeoutMs: 2_000,
  });
  return { adapter, secrets, time, context: deliveryContext(time.clock()) };
};

const destinationAt = (url: string, overrides: Partial<HttpDestination> = {}): HttpDestination => ({
  type: 'http',
  url,
  signing_secret_name: ROUTE_SECRET_NAME,
  headers: { 'X-Acme-Source': 'tsunagi' },
  ...overrides,
});

const headersOf = (raw: Record<string, string | string[] | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(raw).map(([name, value]) => [name, String(value)]));

describe('Class: HttpDestinationAdapter', () => {
  it('posts the event as snake_case JSON with explicit nulls and ISO-8601 UTC times', async () => {
    // Prepare
    const server = await start(reply(204));
    const { adapter, context } = setup();

    // Act
    const result = await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 204 });
    expect(JSON.parse(server.received[0]?.body ?? '')).toEqual({
      event_id: EVENT_ID,
      type: 'payment_intent.succeeded',
      provider: 'stripe',
      tenant_id: 'acme',
      provider_event_id: 'evt_1Pq',
      received_at: '2025-01-01T09:30:00.000Z',
      trace_id: TRACE_ID,
      data: { id: 'pi_1', amount: 1200, customer: null, note: '<b>hi</b>' },
    });
  });

  it('signs with Standard Webhooks so the official library verifies it with the route secret', async () => {
    // Prepare
    const server = await start(reply(200));
    const { adapter, context } = setup();

    // Act
    await adapter.deliver(destinationAt(server.url), context);

    // Assess
    const request = server.received[0]!;
    const verified = new Webhook(ROUTE_SECRET).verify(request.body, headersOf(request.headers));
    expect(verified).toMatchObject({ event_id: EVENT_ID });
  });

  it('uses the platform event id as webhook-id', async () => {
    // Prepare
    const server = await start(reply(200));
    const { adapter, context } = setup();

    // Act
    await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(server.received[0]?.headers['webhook-id']).toBe(EVENT_ID);
  });

  it('sends Idempotency-Key, traceparent, JSON content type and the route headers', async () => {
    // Prepare
    const server = await start(reply(200));
    const { adapter, context } = setup();

    // Act
    await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(server.received[0]?.headers).toMatchObject({
      'idempotency-key': `${EVENT_ID}:payments-to-backend`,
      traceparent: expect.stringMatching(new RegExp(`^00-${TRACE_ID}-[0-9a-f]{16}-01$`)),
      'content-type': 'application/json',
      'x-acme-source': 'tsunagi',
    });
  });

  it('signs with every listed secret during a rotation, so either one verifies', async () => {
    // Prepare
    const next = 'whsec_PJJl1N1pETy3uRRMvN+pLZOdo693vBnw';
    const server = await start(reply(200));
    const { adapter, context } = setup(JSON.stringify({ signingSecrets: [next, ROUTE_SECRET] }));

    // Act
    await adapter.deliver(destinationAt(server.url), context);

    // Assess
    const request = server.received[0]!;
    for (const secret of [next, ROUTE_SECRET]) {
      expect(() => new Webhook(secret).verify(request.body, headersOf(request.headers))).not.toThrow();
    }
  });

  it('delivers once after a 500, in two attempts', async () => {
    // Prepare
    const server = await start(reply(500), reply(200));
    const { adapter, context } = setup();

    // Act
    const result = await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(result).toMatchObject({ attempts: 2, last_status: 200 });
    expect(server.received).toHaveLength(2);
    expect(server.received[0]?.headers['idempotency-key']).toBe(
      server.received[1]?.headers['idempotency-key'],
    );
  });

  it('fails permanently on a 400 without retrying', async () => {
    // Prepare
    const server = await start(reply(400));
    const { adapter, context } = setup();

    // Act
    const failure = adapter.deliver(destinationAt(server.url), context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({
      reason: { code: 'client_error', attempts: 1, last_status: 400 },
    });
    expect(server.received).toHaveLength(1);
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    // Prepare
    const server = await start(reply(429, { 'retry-after': '7' }), reply(200));
    const { adapter, context, time } = setup();

    // Act
    const result = await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(result.attempts).toBe(2);
    expect(time.sleeps.some((ms) => ms >= 7_000)).toBe(true);
  });

  it('re-reads the secret past its cache and re-signs once after a 401', async () => {
    // Prepare
    const server = await start(reply(401), reply(200));
    const { adapter, context, secrets } = setup();

    // Act
    const result = await adapter.deliver(destinationAt(server.url), context);

    // Assess
    expect(result.attempts).toBe(2);
    expect(secrets.reads.map((read) => read.forceFetch)).toEqual([false, true]);
  });

  it('gives up on a second 401 as an expired credential', async () => {
    // Prepare
    const server = await start(reply(401));
    const { adapter, context } = setup();

    // Act & Assess
    await expect(adapter.deliver(destinationAt(server.url), context)).rejects.toBeInstanceOf(
      AuthExpiredError,
    );
    expect(server.received).toHaveLength(2);
  });

  it.each(['tsunagi/test/globex/routes/x', 'tsunagi/test/acme-b/routes/x'])(
    'refuses a secret outside the tenant namespace without reading it (%s)',
    async (name) => {
      // Prepare
      const { adapter, context, secrets } = setup();
      const foreign = destinationAt('https://example.invalid/hook', { signing_secret_name: name });

      // Act & Assess
      await expect(adapter.deliver(foreign, context)).rejects.toMatchObject({
        reason: { code: 'invalid_request', message: expect.stringContaining('outside tsunagi/test/acme/') },
      });
      expect(secrets.reads).toHaveLength(0);
    },
  );

  it('fails permanently when the secret is missing or unusable, and retryably when the store is down', async () => {
    // Prepare
    const missing = setup(null);
    const unusable = setup('{"signingSecrets":["not base64!"]}');
    const down = setup();
    down.secrets.failing = true;
    const destination = destinationAt('https://example.invalid/hook');

    // Act & Assess
    await expect(missing.adapter.deliver(destination, missing.context)).rejects.toBeInstanceOf(
      PermanentError,
    );
    await expect(unusable.adapter.deliver(destination, unusable.context)).rejects.toMatchObject({
      reason: { message: expect.not.stringContaining('not base64!') },
    });
    await expect(down.adapter.deliver(destination, down.context)).rejects.toBeInstanceOf(RetryableError);
  });

  it('uses the route timeout for each attempt', async () => {
    // Prepare
    const server = await start(() => undefined);
    const { adapter, context } = setup();
    const started = Date.now();

    // Act
    const failure = adapter.deliver(destinationAt(server.url, { timeout_ms: 150 }), { ...context });

    // Assess
    await expect(failure).rejects.toMatchObject({ reason: { code: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(4 * 2_000);
  });
});
