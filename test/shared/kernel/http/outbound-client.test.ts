import { describe, expect, it, vi } from 'vitest';
import { AuthExpiredError, PermanentError, RetryableError } from '../../../../shared/kernel/errors.ts';
import { OutboundHttpClient } from '../../../../shared/kernel/http/outbound-client.ts';
import { fakeTime } from '../fake-time.ts';
import { deliveryTo, hang, refusedUrl, reply, reset, useDestinations } from './fake-destination.ts';

const start = useDestinations();

/** A client on a fake clock whose sleeps are recorded, not waited; jitter draws mid-window. */
const fastClient = () => {
  const time = fakeTime();
  const client = new OutboundHttpClient({ clock: time.clock, sleep: time.sleep, random: () => 0.5 });
  return { client, time, deadline: time.clock() + 60_000 };
};

describe('Class: OutboundHttpClient', () => {
  it('delivers once after a 500, in two attempts', async () => {
    // Prepare
    const server = await start(reply(500), reply(200, { 'x-answer': 'yes' }, 'ok'));
    const { client, time, deadline } = fastClient();

    // Act
    const result = await client.send(deliveryTo(server.url), { deadline });

    // Assess
    expect(result).toMatchObject({ status: 200, attempts: 2, body: 'ok' });
    expect(result.headers['x-answer']).toBe('yes');
    expect(result.latencies_ms).toHaveLength(2);
    expect(server.received).toHaveLength(2);
    expect(time.sleeps).toEqual([500]);
  });

  it('sends the method, headers and body it was given', async () => {
    // Prepare
    const server = await start(reply(202));
    const { client, deadline } = fastClient();

    // Act
    await client.send(deliveryTo(server.url), { deadline });

    // Assess
    expect(server.received[0]).toMatchObject({
      method: 'POST',
      body: '{"event_id":"evt_1"}',
      headers: { 'idempotency-key': 'evt_1:route-1', 'content-type': 'application/json' },
    });
  });

  it('waits at least as long as a 429 Retry-After asks', async () => {
    // Prepare
    const server = await start(reply(429, { 'retry-after': '1' }), reply(200));
    const time = fakeTime();
    const client = new OutboundHttpClient({ clock: time.clock, sleep: time.sleep, random: () => 0 });

    // Act
    const result = await client.send(deliveryTo(server.url), { deadline: time.clock() + 60_000 });

    // Assess
    expect(result.attempts).toBe(2);
    expect(time.sleeps).toHaveLength(1);
    expect(time.sleeps[0]).toBeGreaterThanOrEqual(1_000);
  });

  it('aborts a hanging attempt at the per-attempt timeout', async () => {
    // Prepare
    const server = await start(hang);
    const client = new OutboundHttpClient();
    const started = Date.now();

    // Act
    const error = await client
      .send(deliveryTo(server.url), { deadline: started + 5_000, perAttemptTimeoutMs: 200, maxAttempts: 1 })
      .catch((e) => e);

    // Assess
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'timeout', attempts: 1, last_status: null });
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2_000);
  });

  it('starts no attempt with less than the minimum attempt time left when a backoff sleep overshoots', async () => {
    // Prepare: the 500 ms backoff leaves 500 ms, but the sleep overruns by 400 ms.
    const server = await start(reply(503), reply(200));
    const time = fakeTime();
    const overshooting = async (ms: number) => time.sleep(ms + 400);
    const client = new OutboundHttpClient({ clock: time.clock, sleep: overshooting, random: () => 0.5 });

    // Act
    const error = await client
      .send(deliveryTo(server.url), { deadline: time.clock() + 1_000 })
      .catch((e) => e);

    // Assess: the record goes back to SQS rather than racing a 100 ms attempt whose answer could be lost.
    expect(error).toBeInstanceOf(RetryableError);
    expect(server.received).toHaveLength(1);
  });

  it('gives up at once on a 400 with a permanent error and its reason', async () => {
    // Prepare
    const server = await start(reply(400, {}, '{"error":"bad field"}'));
    const { client, time, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.reason).toEqual({
      code: 'client_error',
      message: 'destination answered HTTP 400',
      attempts: 1,
      last_status: 400,
      failed_at: '2025-01-01T00:00:00.000Z',
    });
    expect(server.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('returns a status it was told to treat as an answer, body included, without retrying', async () => {
    // Prepare
    const server = await start(reply(400, {}, '{"error":"invalid_grant"}'), reply(200));
    const { client, time, deadline } = fastClient();

    // Act
    const result = await client.send(deliveryTo(server.url), { deadline, answerStatuses: [400, 401] });

    // Assess
    expect(result).toMatchObject({ status: 400, attempts: 1, body: '{"error":"invalid_grant"}' });
    expect(server.received).toHaveLength(1);
    expect(time.sleeps).toEqual([]);
  });

  it('retries after the destination resets the connection', async () => {
    // Prepare
    const server = await start(reset, reply(200));
    const { client, deadline } = fastClient();

    // Act
    const result = await client.send(deliveryTo(server.url), { deadline });

    // Assess
    expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(server.received).toHaveLength(2);
  });

  it('fails retryable once every attempt was reset', async () => {
    // Prepare
    const server = await start(reset);
    const { client, time, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline, maxAttempts: 3 }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'connection_error', attempts: 3, last_status: null });
    expect(server.received).toHaveLength(3);
    expect(time.sleeps).toEqual([500, 1_000]);
  });

  it('retries a refused connection and reports it retryable', async () => {
    // Prepare
    const url = await refusedUrl();
    const { client, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo(url), { deadline, maxAttempts: 3 }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'connection_error', attempts: 3 });
    expect(error.message).toContain('ECONNREFUSED');
  });

  it('refreshes the credentials once on a 401 and retries at once with them', async () => {
    // Prepare
    const server = await start(reply(401), reply(200));
    const { client, time, deadline } = fastClient();
    const refreshAuth = vi.fn(async () => ({ authorization: 'Bearer fresh' }));
    const request = deliveryTo(server.url, { headers: { Authorization: 'Bearer stale' } });

    // Act
    const result = await client.send(request, { deadline, refreshAuth });

    // Assess
    expect(result).toMatchObject({ status: 200, attempts: 2 });
    expect(refreshAuth).toHaveBeenCalledOnce();
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer stale', 'Bearer fresh']);
    expect(time.sleeps).toEqual([]);
  });

  it('throws AuthExpiredError when the refreshed credentials are refused too', async () => {
    // Prepare
    const server = await start(reply(401));
    const { client, deadline } = fastClient();
    const refreshAuth = vi.fn(async () => ({ authorization: 'Bearer still-bad' }));

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline, refreshAuth }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(error.reason).toMatchObject({ code: 'auth_expired', attempts: 2, last_status: 401 });
    expect(refreshAuth).toHaveBeenCalledOnce();
    expect(server.received).toHaveLength(2);
  });

  it('reports a refresh that fails on the network as retryable', async () => {
    // Prepare
    const server = await start(reply(401));
    const { client, deadline } = fastClient();
    const refreshAuth = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('down'), { code: 'ECONNRESET' }),
      });
    };

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline, refreshAuth }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(RetryableError);
    expect(error.reason).toMatchObject({ code: 'connection_error', attempts: 1, last_status: 401 });
    expect(server.received).toHaveLength(1);
  });

  it('throws AuthExpiredError on a 401 when it cannot refresh', async () => {
    // Prepare
    const server = await start(reply(401));
    const { client, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(AuthExpiredError);
    expect(server.received).toHaveLength(1);
  });

  it('does not follow a redirect', async () => {
    // Prepare
    const server = await start(reply(307, { location: 'http://127.0.0.1:1/elsewhere' }));
    const { client, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo(server.url), { deadline }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.reason).toMatchObject({ code: 'unexpected_redirect', last_status: 307 });
  });

  it('fails permanently on a request it cannot build', async () => {
    // Prepare
    const { client, deadline } = fastClient();

    // Act
    const error = await client.send(deliveryTo('not a url'), { deadline }).catch((e) => e);

    // Assess
    expect(error).toBeInstanceOf(PermanentError);
    expect(error.reason).toMatchObject({ code: 'invalid_request', attempts: 1 });
  });
});
