import type { DeliveryRecord, RoutingRecord } from '../../../../shared/delivery/delivery-log.ts';
import type { EndpointNotification } from '../../../../shared/delivery/health/ports.ts';
import type { RawDlqMessage } from '../../../../shared/ops/dlq-message.ts';
import type { EndpointOpsPorts } from '../../../../shared/ops/endpoints/ports.ts';
import type { Route, TenantProfile } from '../../../../shared/tenants/tenant-file.ts';
import { MemoryEndpoints } from '../../delivery/health/memory-endpoints.ts';
import { localPorts } from '../fake-ops.ts';

/** In-memory ports of the endpoint use cases: tenants acme (orders, billing) and globex (crm). */

export const NOW = Date.parse('2026-12-07T12:00:00.000Z');
export const ago = (minutes: number): string => new Date(NOW - minutes * 60_000).toISOString();

const ROUTES: Record<string, string[]> = { acme: ['orders', 'billing'], globex: ['crm'] };

const routing = (n: number, tenant: string, route: string): RoutingRecord => ({
  event_id: `evt_${n}`,
  tenant_id: tenant,
  provider: 'stripe',
  provider_event_id: `pe_${n}`,
  event_type: 'order.created',
  trace_id: `trace${n}`,
  received_at: ago(n),
  routed_at: ago(n),
  route_ids: [route],
  duplicate_of: null,
});

const delivery = (n: number, tenant: string, route: string, ok: boolean): DeliveryRecord => ({
  event_id: `evt_${n}`,
  route_id: route,
  tenant_id: tenant,
  destination_type: 'http',
  status: ok ? 'delivered' : 'retrying',
  attempts: ok ? 1 : 2,
  receive_count: 1,
  latencies_ms: [40 + n],
  last_status: ok ? 200 : 503,
  last_error: ok
    ? null
    : { code: 'http_5xx', message: 'HTTP 503', attempts: 2, last_status: 503, failed_at: ago(n) },
  updated_at: ago(n),
  ...(ok ? {} : { next_attempt_at: ago(n - 5) }),
});

/** A delivery dead letter of `tenant`'s `route` that failed `minutes` ago, as the worker sends it. */
export const deadLetterOf = (n: number, tenant: string, route: string, minutes: number): RawDlqMessage => ({
  messageId: `m${n}`,
  receiptHandle: `r${n}`,
  body: JSON.stringify({
    version: 1,
    delivery_id: `evt_${n}:${route}`,
    route_id: route,
    event: { event_id: `evt_${n}`, tenant_id: tenant, provider: 'stripe', event_type: 'order.created' },
  }),
  attributes: { failure_code: 'http_5xx', failure_message: 'HTTP 503', failed_at: ago(minutes) },
  systemAttributes: { SentTimestamp: String(NOW - minutes * 60_000) },
});

export const heldOf = (n: number, minutes: number) => ({
  delivery_id: `evt_${n}:orders`,
  event_id: `evt_${n}`,
  received_at: ago(minutes),
  held_at: ago(minutes),
  body: JSON.stringify({ delivery_id: `evt_${n}:orders` }),
  attributes: {},
});

export const endpointFakes = () => {
  const { ports: dlq, queues, audit } = localPorts();
  const endpoints = new MemoryEndpoints(() => NOW);
  // acme/orders: evt_1 failed (newest), evt_2 and evt_3 delivered; acme/billing: evt_4; globex/crm: evt_5.
  const records = [
    routing(1, 'acme', 'orders'),
    routing(2, 'acme', 'orders'),
    routing(3, 'acme', 'orders'),
    routing(4, 'acme', 'billing'),
    routing(5, 'globex', 'crm'),
  ];
  const deliveries = [
    delivery(1, 'acme', 'orders', false),
    delivery(2, 'acme', 'orders', true),
    delivery(3, 'acme', 'orders', true),
    delivery(4, 'acme', 'billing', true),
    delivery(5, 'globex', 'crm', true),
  ];
  const notified: EndpointNotification[] = [];
  const ports: EndpointOpsPorts = {
    ...dlq,
    health: endpoints,
    held: endpoints,
    tenants: {
      getTenant: async (id) =>
        ROUTES[id]
          ? ({ tenant_id: id, name: id, status: 'active', integrations: [] } as TenantProfile)
          : null,
      getRoutes: async (id) => (ROUTES[id] ?? []).map((route_id) => ({ route_id }) as Route),
    },
    index: {
      newestOf: async (tenantId, options) => {
        const rows = records
          .filter((r) => r.tenant_id === tenantId)
          .sort((a, b) => b.received_at.localeCompare(a.received_at));
        return { records: rows.slice(0, options.limit), exhausted: true };
      },
    },
    log: {
      getJourney: async (eventId) => ({
        routing: records.find((r) => r.event_id === eventId) ?? null,
        deliveries: deliveries.filter((d) => d.event_id === eventId),
      }),
    },
    notifier: {
      notify: async (notification) => {
        notified.push(notification);
      },
    },
  };
  const deliveryDlq = queues.queues.get('tsunagi-local-delivery-dlq')!;
  return { ports, queues, audit, endpoints, notified, deliveryDlq };
};
