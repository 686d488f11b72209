import { describe, expect, it } from 'vitest';
import {
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
  initialHealth,
} from '../../../../shared/delivery/health/endpoint-health.ts';
import { HealthMonitor } from '../../../../shared/delivery/health/monitor.ts';
import type { EndpointNotification } from '../../../../shared/delivery/health/ports.ts';
import { parseReleaseRequest } from '../../../../shared/delivery/health/release-request.ts';
import { deliver } from '../../../../shared/delivery/worker/deliver.ts';
import { releaseHeld } from '../../../../shared/delivery/worker/release-held.ts';
import { reply, useDestinations } from '../../kernel/http/fake-destination.ts';
import { deliveryMessage, envelope } from '../destinations/fixtures.ts';
import { MemoryEndpoints } from '../health/memory-endpoints.ts';
import { deliveryInput, httpTo, workerSetup } from './fakes.ts';

const start = useDestinations();
const ROUTE = 'payments-to-backend';
const ref = { tenantId: 'acme', routeId: ROUTE };

/** The worker's use case with endpoint health on the in-memory endpoints table. */
const healthSetup = () => {
  const setup = workerSetup();
  const endpoints = new MemoryEndpoints(setup.time.clock);
  const sent: EndpointNotification[] = [];
  const health = new HealthMonitor({
    store: endpoints,
    notifier: { notify: async (notification) => void sent.push(notification) },
    policy: DEFAULT_HEALTH_POLICY,
    clock: setup.time.clock,
    cacheMs: 1_000,
  });
  return { ...setup, deps: { ...setup.deps, health, held: endpoints }, endpoints, health, sent };
};

/** A message for a distinct event received at `receivedAt`. */
const messageAt = (url: string, n: number, receivedAt: string) =>
  deliveryMessage(
    httpTo(url),
    envelope({
      event_id: `evt_01941f29-7c00-7abc-8def-0000000000${String(n).padStart(2, '0')}`,
      received_at: receivedAt,
    }),
    ROUTE,
  );

describe('Function: deliver (endpoint health)', () => {
  it('holds a delivery to a disabled destination: not attempted, not dead-lettered, kept in order of receipt', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, endpoints, deadLetters, requeue, log, time } = healthSetup();
    endpoints.records.set(
      `${ref.tenantId}/${ref.routeId}`,
      disableEndpoint(initialHealth(ref.tenantId, ref.routeId, time.clock()), time.clock()).health,
    );
    const message = messageAt(server.url, 1, '2026-12-07T00:00:01.000Z');

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(message)), deps);

    // Assess
    expect(outcome).toMatchObject({ status: 'held', retry: false, reason: null });
    expect(server.received).toHaveLength(0);
    expect(deadLetters.letters).toHaveLength(0);
    expect(requeue.messages).toHaveLength(0);
    const held = await endpoints.oldest(ref, 10);
    expect(held).toEqual([
      expect.objectContaining({
        delivery_id: message.delivery_id,
        received_at: '2026-12-07T00:00:01.000Z',
        body: JSON.stringify(message),
      }),
    ]);
    expect(log.deliveries.map((record) => record.status)).toEqual(['held']);
  });

  it('holds the delivery a destination answers 410 Gone and disables the destination at once', async () => {
    // Prepare
    const server = await start(reply(410));
    const { deps, endpoints, deadLetters, requeue, health, sent } = healthSetup();
    const message = messageAt(server.url, 2, '2026-12-07T00:00:02.000Z');

    // Act
    const outcome = await deliver(deliveryInput(JSON.stringify(message)), deps);
    const transitions = await health.flush();

    // Assess
    expect(outcome).toMatchObject({ status: 'held', retry: false, reason: { last_status: 410 } });
    expect(server.received).toHaveLength(1);
    expect(deadLetters.letters).toHaveLength(0);
    expect(requeue.messages).toHaveLength(0);
    expect(await endpoints.count(ref)).toBe(1);
    expect(transitions).toHaveLength(1);
    expect(await endpoints.get(ref)).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    // One failure took it from healthy to disabled: the owner hears both, once each.
    expect(sent.map((n) => n.type)).toEqual(['endpoint.failing', 'endpoint.disabled']);
    // The next delivery is held without a call.
    const next = await deliver(
      deliveryInput(JSON.stringify(messageAt(server.url, 3, '2026-12-07T00:00:03.000Z'))),
      deps,
    );
    expect(next.status).toBe('held');
    expect(server.received).toHaveLength(1);
  });

  it('still dead-letters a 400 at once with health on: nothing held, the destination not disabled', async () => {
    // Prepare
    const server = await start(reply(400));
    const { deps, endpoints, deadLetters, health } = healthSetup();

    // Act
    const outcome = await deliver(
      deliveryInput(JSON.stringify(messageAt(server.url, 4, '2026-12-07T00:00:04.000Z'))),
      deps,
    );
    await health.flush();

    // Assess
    expect(outcome).toMatchObject({ status: 'failed_permanent', reason: { last_status: 400 } });
    expect(deadLetters.letters).toHaveLength(1);
    expect(await endpoints.count(ref)).toBe(0);
    expect(await endpoints.get(ref)).toMatchObject({ status: 'healthy', consecutive_failures: 1 });
  });
});

describe('Function: releaseHeld', () => {
  it('releases held deliveries oldest first, then asks for a batch twice as large a ramp step later', async () => {
    // Prepare: three held deliveries, held out of order; the destination is healthy again.
    const server = await start(reply(200));
    const { deps, endpoints, requeue } = healthSetup();
    const messages = [
      messageAt(server.url, 11, '2026-12-07T00:00:30.000Z'),
      messageAt(server.url, 12, '2026-12-07T00:00:10.000Z'),
      messageAt(server.url, 13, '2026-12-07T00:00:20.000Z'),
    ];
    for (const message of messages) {
      await endpoints.hold(ref, {
        delivery_id: message.delivery_id,
        event_id: message.event.event_id,
        received_at: message.event.received_at,
        held_at: '2026-12-07T00:01:00.000Z',
        body: JSON.stringify(message),
        attributes: {},
      });
    }
    const request = { tenant_id: ref.tenantId, route_id: ref.routeId, batch: 2 };

    // Act
    const first = await releaseHeld(request, deliveryInput('', 1, 60_000), deps);

    // Assess: the two oldest, in order of receipt; the next request asks for four, a minute later.
    const received = () => server.received.map((r) => JSON.parse(r.body).event_id as string);
    expect(received()).toEqual([messages[1]!.event.event_id, messages[2]!.event.event_id]);
    expect(first.summary).toMatchObject({
      released: 2,
      stopped: 'batch_done',
      next: { batch: 4, delaySeconds: 60 },
    });
    expect(await endpoints.count(ref)).toBe(1);
    expect(requeue.messages).toHaveLength(1);
    const next = parseReleaseRequest(requeue.messages[0]!.body);
    expect(next).toEqual({ ...request, batch: 4 });

    // Act: the next request takes the rest and stops.
    const second = await releaseHeld(next!, deliveryInput('', 1, 60_000), deps);

    // Assess
    expect(received()).toEqual(
      [messages[1], messages[2], messages[0]].map((message) => message!.event.event_id),
    );
    expect(second.summary).toMatchObject({ released: 1, stopped: 'empty', next: null });
    expect(await endpoints.count(ref)).toBe(0);
    expect(requeue.messages).toHaveLength(1);
  });

  it('releases held deliveries within a short function timeout too', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, endpoints } = healthSetup();
    const message = messageAt(server.url, 31, '2026-12-07T00:00:01.000Z');
    await endpoints.hold(ref, {
      delivery_id: message.delivery_id,
      event_id: message.event.event_id,
      received_at: message.event.received_at,
      held_at: '2026-12-07T00:01:00.000Z',
      body: JSON.stringify(message),
      attributes: {},
    });

    // Act: a 6-second invocation, as local mode's worker has.
    const { summary } = await releaseHeld(
      { tenant_id: ref.tenantId, route_id: ref.routeId, batch: 10 },
      deliveryInput('', 1, 6_000),
      deps,
    );

    // Assess
    expect(summary).toMatchObject({ released: 1, stopped: 'empty' });
    expect(server.received).toHaveLength(1);
  });

  it('releases nothing while the destination is still disabled', async () => {
    // Prepare
    const server = await start(reply(200));
    const { deps, endpoints, time } = healthSetup();
    endpoints.records.set(
      `${ref.tenantId}/${ref.routeId}`,
      disableEndpoint(initialHealth(ref.tenantId, ref.routeId, time.clock()), time.clock()).health,
    );
    const message = messageAt(server.url, 21, '2026-12-07T00:00:01.000Z');
    await deliver(deliveryInput(JSON.stringify(message)), deps);

    // Act
    const { summary } = await releaseHeld(
      { tenant_id: ref.tenantId, route_id: ref.routeId, batch: 10 },
      deliveryInput('', 1, 60_000),
      deps,
    );

    // Assess
    expect(summary).toMatchObject({ released: 0, stopped: 'disabled', next: null });
    expect(server.received).toHaveLength(0);
    expect(await endpoints.count(ref)).toBe(1);
  });
});
