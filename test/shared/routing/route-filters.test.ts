import { beforeEach, describe, expect, it } from 'vitest';
import type { RoutedEventCopy, RoutingRecord } from '../../../shared/delivery/delivery-log.ts';
import { EventBodyInvalidError } from '../../../shared/routing/errors.ts';
import type { EventBodyReader } from '../../../shared/routing/ports.ts';
import {
  type RouteInboundEventDeps,
  routeInboundEvent,
} from '../../../shared/routing/route-inbound-event.ts';
import type { Route, Tenant } from '../../../shared/tenants/tenant-file.ts';
import {
  MemoryDeduplicator,
  MemoryDeliveryLog,
  MemoryDeliveryQueue,
  MemoryTenantDirectory,
} from './fakes.ts';
import { envelope } from './fixtures.ts';

const NOW = new Date('2026-11-23T06:00:01.000Z');

const charge = (amount: number, currency: string) =>
  JSON.stringify({ id: 'evt_1', type: 'charge.succeeded', data: { object: { amount, currency } } });

const httpRoute = (routeId: string, extra: Partial<Route> = {}): Route => ({
  route_id: routeId,
  match: { provider: 'stripe', event_type: 'charge.*' },
  destination: {
    type: 'http',
    url: 'https://erp.acme.example/hooks',
    signing_secret_name: `tsunagi/acme/routes/${routeId}`,
  },
  enabled: true,
  ...extra,
});

const bigJpy = { data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }] } } } };

const tenant = (routes: Route[]): Tenant => ({
  tenant_id: 'acme',
  name: 'Acme',
  status: 'active',
  integrations: [],
  routes,
});

/** A log that also keeps the event copies the router hands it. */
class CopyingLog extends MemoryDeliveryLog {
  public readonly copies = new Map<string, RoutedEventCopy | undefined>();
  public override async recordRouting(record: RoutingRecord, copy?: RoutedEventCopy): Promise<void> {
    this.copies.set(record.event_id, copy);
    return super.recordRouting(record);
  }
}

describe('Function: routeInboundEvent — route filters', () => {
  let queue: MemoryDeliveryQueue;
  let log: CopyingLog;
  let reads: number;
  const deps = (routes: Route[], bodies?: EventBodyReader): RouteInboundEventDeps => ({
    directory: new MemoryTenantDirectory([tenant(routes)]),
    queue,
    log,
    deduplicator: new MemoryDeduplicator(),
    now: () => NOW,
    ...(bodies ? { bodies } : {}),
  });

  beforeEach(() => {
    queue = new MemoryDeliveryQueue();
    log = new CopyingLog();
    reads = 0;
  });

  const stripeEvent = (body: string, overrides = {}) =>
    envelope({ event_type: 'charge.succeeded', body: { encoding: 'utf8', data: body }, ...overrides });

  it('routes to a filtered route only when the event matches, snapshotting its transform', async () => {
    // Prepare
    const routes = [
      httpRoute('big-jpy', { match: { ...httpRoute('x').match, filter: bigJpy }, transform: 'data.id' }),
    ];
    const event = stripeEvent(charge(12000, 'jpy'));

    // Act
    const outcome = await routeInboundEvent(event, deps(routes));

    // Assess
    expect(outcome).toEqual({ kind: 'routed', event_id: event.event_id, route_ids: ['big-jpy'] });
    expect(queue.sent[0]).toMatchObject({ route_id: 'big-jpy', transform: 'data.id' });
  });

  it('counts an event every filter kept out as filtered out and records which condition failed', async () => {
    // Prepare
    const routes = [
      httpRoute('big-jpy', { match: { ...httpRoute('x').match, filter: bigJpy } }),
      httpRoute('github', { match: { provider: 'github', event_type: '*' } }),
    ];
    const event = stripeEvent(charge(500, 'jpy'));

    // Act
    const outcome = await routeInboundEvent(event, deps(routes));

    // Assess
    expect(outcome).toEqual({
      kind: 'unrouted',
      event_id: event.event_id,
      reason: 'filtered_out',
      filtered_out: ['big-jpy'],
    });
    expect(queue.sent).toEqual([]);
    expect(log.routing.get(event.event_id)).toMatchObject({
      route_ids: [],
      unrouted_reason: 'filtered_out',
      unmatched_routes: [
        {
          route_id: 'big-jpy',
          reason: 'filter',
          detail: 'data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
        },
        { route_id: 'github', reason: 'provider', detail: 'the route takes github events' },
      ],
    });
  });

  it('reports the routes filtered out of an event that still went elsewhere', async () => {
    const routes = [
      httpRoute('big-jpy', { match: { ...httpRoute('x').match, filter: bigJpy } }),
      httpRoute('all-charges'),
    ];
    const event = stripeEvent(charge(500, 'usd'));
    expect(await routeInboundEvent(event, deps(routes))).toEqual({
      kind: 'routed',
      event_id: event.event_id,
      route_ids: ['all-charges'],
      filtered_out: ['big-jpy'],
    });
  });

  it('never matches a stored filter that no longer compiles, and says so', async () => {
    const routes = [httpRoute('broken', { match: { ...httpRoute('x').match, filter: { amount: [] } } })];
    const event = stripeEvent(charge(12000, 'jpy'));
    const outcome = await routeInboundEvent(event, deps(routes));
    expect(outcome).toMatchObject({ kind: 'unrouted', reason: 'filtered_out' });
    expect(log.routing.get(event.event_id)?.unmatched_routes?.[0]).toMatchObject({
      route_id: 'broken',
      reason: 'filter_invalid',
      detail: expect.stringContaining('amount: must list at least one value or operator'),
    });
  });

  it('filters on the captured headers, never on signature headers', async () => {
    const byShop = { headers: { 'x-shop': ['jp'] } };
    const bySignature = { headers: { 'stripe-signature': [{ exists: true }] } };
    const routes = [
      httpRoute('by-shop', { match: { ...httpRoute('x').match, filter: byShop } }),
      httpRoute('by-signature', { match: { ...httpRoute('x').match, filter: bySignature } }),
    ];
    const event = stripeEvent(charge(1, 'jpy'), {
      headers: { 'x-shop': 'jp', 'stripe-signature': 't=1,v1=ab' },
    });
    expect(await routeInboundEvent(event, deps(routes))).toMatchObject({ route_ids: ['by-shop'] });
  });

  it('reads a claim-checked body only when a candidate route has a filter', async () => {
    // Prepare
    const bodies: EventBodyReader = {
      read: async () => {
        reads++;
        return Buffer.from(charge(20000, 'jpy'));
      },
    };
    const claimChecked = {
      body: { claim_check: { bucket: 'b', key: 'k', size: 10, sha256: 'a'.repeat(64) } },
    };
    const unfiltered = [httpRoute('all-charges')];
    const filtered = [httpRoute('big-jpy', { match: { ...httpRoute('x').match, filter: bigJpy } })];

    // Act
    await routeInboundEvent(
      stripeEvent('', { ...claimChecked, event_id: 'evt_a' }),
      deps(unfiltered, bodies),
    );
    const readsWithoutFilter = reads;
    const outcome = await routeInboundEvent(
      stripeEvent('', { ...claimChecked, event_id: 'evt_b' }),
      deps(filtered, bodies),
    );

    // Assess
    expect(readsWithoutFilter).toBe(0);
    expect(reads).toBe(1);
    expect(outcome).toMatchObject({ kind: 'routed', route_ids: ['big-jpy'] });
    expect(log.copies.get('evt_b')).toBeUndefined();
  });

  it('fails permanently when a filter needs a claim-checked body no reader can give', async () => {
    const filtered = [httpRoute('big-jpy', { match: { ...httpRoute('x').match, filter: bigJpy } })];
    const event = stripeEvent('', {
      body: { claim_check: { bucket: 'b', key: 'k', size: 1, sha256: 'a'.repeat(64) } },
    });
    await expect(routeInboundEvent(event, deps(filtered))).rejects.toBeInstanceOf(EventBodyInvalidError);
    expect(log.routing.size).toBe(0);
  });

  it('keeps a copy of a small inline event with its routing record, and none of a large one', async () => {
    const routes = [httpRoute('all-charges')];
    const small = stripeEvent(charge(1, 'jpy'), { event_id: 'evt_small' });
    const large = stripeEvent(JSON.stringify({ pad: 'x'.repeat(20_000) }), { event_id: 'evt_large' });
    await routeInboundEvent(small, deps(routes));
    await routeInboundEvent(large, deps(routes));
    expect(log.copies.get('evt_small')).toEqual({
      content_type: 'application/json',
      headers: small.headers,
      body: small.body,
    });
    expect(log.copies.get('evt_large')).toBeUndefined();
  });
});
