import { describe, expect, it } from 'vitest';
import { deliver } from '../../../../shared/delivery/worker/deliver.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryMessage, EVENT_ID, TRACE_ID } from '../destinations/fixtures.ts';
import { deliveryInput, httpTo, ROUTER_ATTRIBUTES, workerSetup } from './fakes.ts';

const start = useDestinations();

describe('Function: deliver', () => {
  it('delivers and records the delivery', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, log } = workerSetup();

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url)))), deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'delivered', retry: false, replayed: false, logError: null });
    expect(log.deliveries).toEqual([
      {
        event_id: EVENT_ID,
        route_id: 'payments-to-backend',
        tenant_id: 'acme',
        destination_type: 'http',
        status: 'delivered',
        attempts: 1,
        receive_count: 1,
        latencies_ms: [expect.any(Number)],
        last_status: 200,
        last_error: null,
        updated_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        attempt_log: [
          {
            at: expect.stringMatching(/Z$/),
            status: 200,
            latency_ms: expect.any(Number),
            error: null,
            body: null,
          },
        ],
        attempt_log_restart: true,
      },
    ]);
  });

  it('records every attempt with its status, latency, error and the first KiB of the answer, secrets masked', async () => {
    // Prepare
    const echo = JSON.stringify({
      error: 'overloaded',
      access_token: 'tok_live_123',
      pad: 'x'.repeat(4_000),
    });
    const server = await start(reply(503, {}, echo), reply(503, {}, echo));
    const { deps, log } = workerSetup();

    // Act
    await deliver(deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url)))), deps);

    // Assess
    const entries = log.deliveries[0]?.attempt_log ?? [];
    // One entry per request that went out, the last three of a receive at most (the bound).
    expect(entries).toHaveLength(Math.min(log.deliveries[0]!.attempts, 3));
    expect(entries.length).toBeGreaterThan(1);
    for (const entry of entries) {
      expect(entry).toMatchObject({ status: 503, error: 'server_error: destination answered HTTP 503' });
      expect(entry.body).toContain('"error":"overloaded"');
      expect(entry.body).not.toContain('tok_live_123');
      expect(Buffer.byteLength(entry.body ?? '')).toBeLessThanOrEqual(1_100);
    }
  });

  it('delivers once after a 500, with two attempts recorded', async () => {
    // Prepare
    const server = await start(reply(500), reply(200));
    const { deps, log } = workerSetup();

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(deliveryMessage(httpTo(server.url)))), deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'delivered', result: { attempts: 2 } });
    expect(log.deliveries[0]).toMatchObject({ status: 'delivered', attempts: 2, last_status: 200 });
    expect(server.received).toHaveLength(2);
  });

  it('sends a permanent failure to the DLQ at once, with its reason and the original body', async () => {
    // Prepare
    const server = await start(reply(400));
    const { deps, log, deadLetters } = workerSetup();
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const outcome = await deliver(deliveryInput(body, 1), deps);

    // Assess
    expect(outcome).toMatchObject({
      status: 'failed_permanent',
      retry: false,
      reason: { code: 'client_error' },
    });
    expect(server.received).toHaveLength(1);
    expect(deadLetters.letters).toEqual([
      {
        body,
        attributes: {
          failure_code: 'client_error',
          failure_message: 'destination answered HTTP 400',
          failure_attempts: '1',
          failure_last_status: '400',
          failed_at: expect.stringMatching(/Z$/),
          tenant_id: 'acme',
          route_id: 'payments-to-backend',
          destination_type: 'http',
          provider: 'stripe',
          trace_id: TRACE_ID,
        },
      },
    ]);
    expect(log.deliveries[0]).toMatchObject({
      status: 'failed_permanent',
      attempts: 1,
      latencies_ms: [expect.any(Number)],
      last_status: 400,
      last_error: { code: 'client_error', attempts: 1, last_status: 400 },
    });
  });

  it('re-enqueues a retryable failure for its next attempt on the schedule, delayed by the queue', async () => {
    // Prepare
    const server = await start(reply(503));
    const { deps, log, deadLetters, requeue, time } = workerSetup();
    const message = deliveryMessage(httpTo(server.url));

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(message), 1), deps);

    // Assess
    const due = new Date(time.clock() + 5_000).toISOString();
    expect(outcome).toMatchObject({
      status: 'retrying',
      retry: false,
      reason: { code: 'server_error', last_status: 503 },
      next: { attempt: 2, at: due },
    });
    expect(requeue.messages).toHaveLength(1);
    const [again] = requeue.messages;
    expect(again?.delaySeconds).toBe(5);
    expect(again?.attributes).toEqual(ROUTER_ATTRIBUTES);
    expect(JSON.parse(again?.body ?? '{}')).toEqual({
      ...message,
      retry: {
        attempts: 1,
        deferrals: 0,
        first_failed_at: new Date(time.clock()).toISOString(),
        not_before: due,
        last_code: 'server_error',
      },
    });
    expect(log.deliveries[0]).toMatchObject({ status: 'retrying', next_attempt: 2, next_attempt_at: due });
    // The failed attempts are in the log with their latencies, not only the successful ones.
    expect(log.deliveries[0]!.latencies_ms.length).toBeGreaterThan(0);
    expect(deadLetters.letters).toHaveLength(0);
  });

  it('walks the whole http schedule, then dead-letters the delivery as the router wrote it', async () => {
    // Prepare
    const server = await start(reply(503));
    const { deps, log, deadLetters, requeue, time } = workerSetup();
    const routerBody = JSON.stringify(deliveryMessage(httpTo(server.url)));
    const started = time.clock();
    let body = routerBody;
    let outcome = await deliver(deliveryInput(body, 1), deps);

    // Act
    while (outcome.status === 'retrying' || outcome.status === 'waiting') {
      const next = requeue.messages.at(-1);
      if (next === undefined) throw new Error('nothing was re-enqueued');
      time.advance(next.delaySeconds * 1000);
      body = next.body;
      outcome = await deliver(deliveryInput(body, 1), deps);
    }

    // Assess
    expect(outcome).toMatchObject({ status: 'dead_lettered', retry: false });
    expect(time.clock() - started).toBeGreaterThan(72 * 3_600_000);
    const tried = log.deliveries.filter((record) => record.status === 'retrying').map((r) => r.next_attempt);
    expect(new Set(tried)).toEqual(new Set([2, 3, 4, 5, 6, 7, 8, 9, 10, 11]));
    expect(deadLetters.letters).toHaveLength(1);
    expect(deadLetters.letters[0]?.body).toEqual(JSON.stringify(JSON.parse(routerBody)));
    expect(deadLetters.letters[0]?.attributes.failure_message).toMatch(
      /retries exhausted: 11 attempt\(s\) over 7\d\.\d h/,
    );
    // Waits longer than 15 minutes were held in hops, never by a sleeping function.
    expect(requeue.messages.every((m) => m.delaySeconds <= 900)).toBe(true);
    expect(time.sleeps.every((ms) => ms <= 2_000)).toBe(true);
  });

  it('puts back a message received before its time without attempting it', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, log, requeue, time } = workerSetup();
    const retry = {
      attempts: 6,
      deferrals: 0,
      first_failed_at: new Date(time.clock() - 3_600_000).toISOString(),
      not_before: new Date(time.clock() + 2 * 3_600_000).toISOString(),
      last_code: 'server_error',
    };
    const body = JSON.stringify({ ...deliveryMessage(httpTo(server.url)), retry });

    // Act
    const outcome = await deliver(deliveryInput(body, 1), deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'waiting', retry: false, notBefore: retry.not_before });
    expect(requeue.messages).toEqual([{ body, delaySeconds: 900, attributes: ROUTER_ATTRIBUTES }]);
    expect(server.received).toHaveLength(0);
    expect(log.deliveries).toHaveLength(0);
  });

  it('hands the record back to SQS when the queue cannot take the retry, dead_lettered on the last receive', async () => {
    // Prepare
    const server = await start(reply(503));
    const { deps, log, deadLetters, requeue } = workerSetup();
    requeue.failWith = new Error('SQS is down');
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const first = await deliver(deliveryInput(body, 1), deps);
    const last = await deliver(deliveryInput(body, 3), deps);

    // Assess
    expect(first).toMatchObject({
      status: 'retrying',
      retry: true,
      next: null,
      reason: {
        code: 'server_error',
        last_status: 503,
        message: expect.stringMatching(/not re-enqueued: Error: SQS is down/),
      },
    });
    expect(last).toMatchObject({ status: 'dead_lettered', retry: true });
    expect(log.deliveries.map((record) => [record.status, record.receive_count])).toEqual([
      ['retrying', 1],
      ['dead_lettered', 3],
    ]);
    // The queue's redrive moves it; a copy of ours would be a duplicate in the DLQ.
    expect(deadLetters.letters).toHaveLength(0);
  });

  it('dead-letters an invalid message at once with the validation problems', async () => {
    // Prepare
    const { deps, log, deadLetters } = workerSetup();
    const broken = { ...deliveryMessage(httpTo('https://example.invalid/')), delivery_id: 'evt_other:route' };

    // Act
    const notJson = await deliver(deliveryInput('{oops'), deps);
    const mismatched = await deliver(deliveryInput(JSON.stringify(broken)), deps);
    const wrongVersion = await deliver(deliveryInput(JSON.stringify({ ...broken, version: 2 })), deps);

    // Assess
    expect([notJson.status, mismatched.status, wrongVersion.status]).toEqual([
      'failed_permanent',
      'failed_permanent',
      'failed_permanent',
    ]);
    expect(deadLetters.letters.map((letter) => letter.attributes.failure_message)).toEqual([
      'invalid delivery message: not JSON',
      'invalid delivery message: delivery_id: must be "<event id>:<route id>"',
      expect.stringContaining('version:'),
    ]);
    expect(deadLetters.letters[0]?.attributes).toMatchObject({
      failure_code: 'validation_error',
      ...ROUTER_ATTRIBUTES,
    });
    expect(log.deliveries).toHaveLength(0);
  });
});
