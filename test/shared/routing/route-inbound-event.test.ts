import { beforeEach, describe, expect, it } from 'vitest';
import { DeliveryMessageSchema } from '../../../shared/delivery/delivery-message.ts';
import { EnqueueError, EventInProgressError } from '../../../shared/routing/errors.ts';
import {
  type RouteInboundEventDeps,
  routeInboundEvent,
} from '../../../shared/routing/route-inbound-event.ts';
import {
  MemoryDeduplicator,
  MemoryDeliveryLog,
  MemoryDeliveryQueue,
  MemoryTenantDirectory,
} from './fakes.ts';
import { acme, dormant, envelope } from './fixtures.ts';

const NOW = new Date('2026-11-23T06:00:01.000Z');

describe('Function: routeInboundEvent', () => {
  let directory: MemoryTenantDirectory;
  let queue: MemoryDeliveryQueue;
  let log: MemoryDeliveryLog;
  let deduplicator: MemoryDeduplicator;
  let deps: RouteInboundEventDeps;

  beforeEach(() => {
    directory = new MemoryTenantDirectory([acme(), dormant()]);
    queue = new MemoryDeliveryQueue();
    log = new MemoryDeliveryLog();
    deduplicator = new MemoryDeduplicator();
    deps = { directory, queue, log, deduplicator, now: () => NOW };
  });

  it('sends one delivery message per matching route, with a destination snapshot, and records the routing', async () => {
    // Prepare
    const event = envelope();

    // Act
    const outcome = await routeInboundEvent(event, deps);

    // Assess
    const routeIds = ['payments-to-backend', 'all-stripe-by-mail'];
    expect(outcome).toEqual({ kind: 'routed', event_id: event.event_id, route_ids: routeIds });
    expect(queue.sent.map((m) => m.delivery_id)).toEqual(routeIds.map((id) => `${event.event_id}:${id}`));
    expect(queue.sent.map((m) => DeliveryMessageSchema.parse(m))).toEqual(queue.sent);
    expect(queue.sent[0]).toEqual({
      version: 1,
      delivery_id: `${event.event_id}:payments-to-backend`,
      route_id: 'payments-to-backend',
      destination: acme().routes[0]!.destination,
      event,
    });
    expect(log.routing.get(event.event_id)).toEqual({
      event_id: event.event_id,
      tenant_id: 'acme',
      provider: 'stripe',
      provider_event_id: 'evt_1QxStripe',
      event_type: 'payment_intent.succeeded',
      trace_id: event.trace_id,
      received_at: event.received_at,
      routed_at: NOW.toISOString(),
      route_ids: routeIds,
      duplicate_of: null,
      unrouted_reason: null,
      unmatched_routes: [
        { route_id: 'github-to-slack', reason: 'provider', detail: 'the route takes github events' },
        { route_id: 'disabled-stripe', reason: 'disabled', detail: null },
      ],
    });
  });

  it.each([
    ['an unknown tenant', { tenant_id: 'ghost' }, 'unknown_tenant'],
    ['a suspended tenant', { tenant_id: 'dormant' }, 'tenant_suspended'],
    ['no matching route', { provider: 'shopify' as const }, 'no_matching_route'],
  ])(
    'counts an event for %s as unrouted, sends nothing and still records it',
    async (_, overrides, reason) => {
      // Prepare
      const event = envelope(overrides);

      // Act
      const outcome = await routeInboundEvent(event, deps);

      // Assess
      expect(outcome).toEqual({ kind: 'unrouted', event_id: event.event_id, reason });
      expect(queue.sent).toEqual([]);
      expect(log.routing.get(event.event_id)).toMatchObject({ route_ids: [], duplicate_of: null });
    },
  );

  it('sends nothing again for a provider redelivery and records it as a duplicate of the first event', async () => {
    // Prepare
    const first = envelope();
    const redelivery = envelope({
      event_id: 'evt_0194f3a9-0000-7abc-8def-0123456789ab',
      trace_id: 'f'.repeat(32),
    });
    await routeInboundEvent(first, deps);

    // Act
    const outcome = await routeInboundEvent(redelivery, deps);

    // Assess
    expect(outcome).toEqual({
      kind: 'duplicate',
      event_id: redelivery.event_id,
      duplicate_of: first.event_id,
    });
    expect(queue.sent).toHaveLength(2);
    expect(log.routing.get(redelivery.event_id)).toMatchObject({
      trace_id: 'f'.repeat(32),
      route_ids: [],
      duplicate_of: first.event_id,
    });
    expect(log.routing.get(first.event_id)?.route_ids).toHaveLength(2);
  });

  it('reports a second receive of the same event as replayed and leaves its routing record alone', async () => {
    // Prepare
    const event = envelope();
    await routeInboundEvent(event, deps);

    // Act
    const outcome = await routeInboundEvent(event, deps);

    // Assess
    expect(outcome).toEqual({
      kind: 'replayed',
      event_id: event.event_id,
      route_ids: ['payments-to-backend', 'all-stripe-by-mail'],
    });
    expect(queue.sent).toHaveLength(2);
    expect(log.routing.get(event.event_id)?.duplicate_of).toBeNull();
  });

  it('falls back to the platform event id when the provider sent none', async () => {
    // Prepare
    const a = envelope({ provider_event_id: null, event_id: 'evt_a' });
    const b = envelope({ provider_event_id: null, event_id: 'evt_b' });

    // Act
    const outcomes = [
      await routeInboundEvent(a, deps),
      await routeInboundEvent(b, deps),
      await routeInboundEvent(a, deps),
    ];

    // Assess
    expect(outcomes.map((o) => o.kind)).toEqual(['routed', 'routed', 'replayed']);
    expect(queue.sent).toHaveLength(4);
  });

  it('keeps the same provider event id of two tenants apart', async () => {
    // Prepare
    directory = new MemoryTenantDirectory([acme(), { ...acme(), tenant_id: 'acme-two' }]);
    deps = { ...deps, directory };

    // Act
    await routeInboundEvent(envelope({ event_id: 'evt_1' }), deps);
    const outcome = await routeInboundEvent(envelope({ event_id: 'evt_2', tenant_id: 'acme-two' }), deps);

    // Assess
    expect(outcome.kind).toBe('routed');
    expect(queue.sent).toHaveLength(4);
  });

  it('throws a retryable EnqueueError when a send fails, records nothing, and routes fully on the retry', async () => {
    // Prepare
    const event = envelope();
    queue.refused.add(`${event.event_id}:all-stripe-by-mail`);

    // Act
    const failed = routeInboundEvent(event, deps);

    // Assess
    await expect(failed).rejects.toBeInstanceOf(EnqueueError);
    await expect(failed).rejects.toMatchObject({
      attempted: 2,
      failures: [{ delivery_id: `${event.event_id}:all-stripe-by-mail`, code: 'InternalError' }],
    });
    expect(log.routing.size).toBe(0);
    expect(deduplicator.entries.size).toBe(0);

    // Act: the SQS retry. The message that made it is sent again; the worker dedupes on its delivery id.
    queue.refused.clear();
    const retried = await routeInboundEvent(event, deps);

    // Assess
    expect(retried.kind).toBe('routed');
    expect(queue.sent.map((m) => m.route_id)).toEqual([
      'payments-to-backend',
      'payments-to-backend',
      'all-stripe-by-mail',
    ]);
    expect(log.routing.get(event.event_id)?.route_ids).toHaveLength(2);
  });

  it('lets a tenant read failure through and forgets the attempt so the retry routes the event', async () => {
    // Prepare
    directory.failing = new Error('ProvisionedThroughputExceededException');

    // Act & Assess
    await expect(routeInboundEvent(envelope(), deps)).rejects.toThrow('ProvisionedThroughputExceeded');
    directory.failing = null;
    expect((await routeInboundEvent(envelope(), deps)).kind).toBe('routed');
  });

  it('fails a concurrent copy of an event in flight with EventInProgressError', async () => {
    // Prepare
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowDirectory = new MemoryTenantDirectory([acme()]);
    const getTenant = slowDirectory.getTenant.bind(slowDirectory);
    slowDirectory.getTenant = async (id) => {
      await gate;
      return getTenant(id);
    };
    const slow = { ...deps, directory: slowDirectory };

    // Act
    const first = routeInboundEvent(envelope(), slow);
    const second = routeInboundEvent(envelope({ event_id: 'evt_copy' }), slow);

    // Assess
    await expect(second).rejects.toBeInstanceOf(EventInProgressError);
    release();
    expect((await first).kind).toBe('routed');
  });
});
