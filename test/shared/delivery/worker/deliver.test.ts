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
      },
    ]);
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

  it('hands a retryable failure back to SQS, and records dead_lettered on the last receive', async () => {
    // Prepare
    const server = await start(reply(503));
    const { deps, log, deadLetters } = workerSetup();
    const body = JSON.stringify(deliveryMessage(httpTo(server.url)));

    // Act
    const first = await deliver(deliveryInput(body, 1), deps);
    const last = await deliver(deliveryInput(body, 3), deps);

    // Assess
    expect(first).toMatchObject({
      status: 'retrying',
      retry: true,
      reason: { code: 'server_error', last_status: 503 },
    });
    // By then the breaker has opened on the 503s, so the last receive is shed without a call.
    expect(last).toMatchObject({ status: 'dead_lettered', retry: true, reason: { code: 'circuit_open' } });
    expect(log.deliveries.map((record) => [record.status, record.receive_count])).toEqual([
      ['retrying', 1],
      ['dead_lettered', 3],
    ]);
    // The failed attempts are in the log with their latencies, not only the successful ones.
    expect(log.deliveries[0]!.latencies_ms.length).toBeGreaterThan(0);
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
