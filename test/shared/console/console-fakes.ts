import type { ConsolePorts } from '../../../shared/console/ports.ts';
import type { Principal } from '../../../shared/console/principal.ts';
import type { DeliveryRecord, EventJourney, RoutingRecord } from '../../../shared/delivery/delivery-log.ts';
import type { RawDlqMessage } from '../../../shared/ops/dlq-message.ts';
import type { EventIndex } from '../../../shared/ops/events-search.ts';
import type { TenantProfile } from '../../../shared/tenants/tenant-file.ts';
import { MemoryEndpoints } from '../delivery/health/memory-endpoints.ts';
import { deadLetter, localPorts } from '../ops/fake-ops.ts';

/** In-memory ports of the console API: two tenants' events, dead letters and routes, for the router tests. */

export const NOW = Date.parse('2026-12-07T12:00:00.000Z');

export const OPERATOR: Principal = { id: 'op-1', name: 'olga@example.com', role: 'operator', tenant: null };
export const VIEWER: Principal = { id: 'vi-1', name: 'victor@example.com', role: 'viewer', tenant: null };
export const ACME_OPERATOR: Principal = {
  id: 'ac-1',
  name: 'ann@acme.example',
  role: 'operator',
  tenant: 'acme',
};

/** A secret value planted in the data: no response may ever contain it. */
export const PLANTED_SECRET = 'sk_live_planted_0123456789';

const routing = (n: number, tenant: string): RoutingRecord => ({
  event_id: `evt_${n}`,
  tenant_id: tenant,
  provider: 'stripe',
  provider_event_id: `pe_${n}`,
  event_type: 'order.created',
  trace_id: `trace${n}`,
  received_at: new Date(NOW - n * 60_000).toISOString(),
  routed_at: new Date(NOW - n * 60_000 + 5).toISOString(),
  route_ids: ['orders'],
  duplicate_of: null,
});

const delivery = (n: number, tenant: string, status: DeliveryRecord['status']): DeliveryRecord => ({
  event_id: `evt_${n}`,
  route_id: 'orders',
  tenant_id: tenant,
  destination_type: 'http',
  status,
  attempts: status === 'delivered' ? 1 : 3,
  receive_count: 1,
  latencies_ms: [40 + n],
  last_status: status === 'delivered' ? 200 : 503,
  last_error: null,
  updated_at: new Date(NOW - n * 60_000 + 50).toISOString(),
});

/** A dead letter whose destination snapshot carries a secret header and a secret in its URL. */
const secretLetter = (n: number, tenant: string): RawDlqMessage => {
  const letter = deadLetter(n, tenant);
  const body = JSON.parse(letter.body) as Record<string, unknown>;
  body.destination = {
    type: 'http',
    url: `https://hooks.example/in?token=${PLANTED_SECRET}`,
    headers: { authorization: `Bearer ${PLANTED_SECRET}`, 'content-type': 'application/json' },
    signing_secret_name: 'tsunagi/local/acme/routes/orders',
  };
  return { ...letter, body: JSON.stringify(body) };
};

export const consoleFakes = () => {
  const letters = [secretLetter(1, 'acme'), deadLetter(2, 'acme'), deadLetter(3, 'globex')];
  const { ports: dlq, queues, audit } = localPorts();
  queues.queues.get('tsunagi-local-delivery-dlq')!.messages.push(...letters);
  const records = [routing(1, 'acme'), routing(2, 'acme'), routing(3, 'globex'), routing(4, 'globex')];
  const deliveries = [
    delivery(1, 'acme', 'dead_lettered'),
    delivery(2, 'acme', 'delivered'),
    delivery(3, 'globex', 'dead_lettered'),
    delivery(4, 'globex', 'delivered'),
  ];
  const index: EventIndex = {
    newestOf: async (tenantId, options) => {
      const rows = records
        .filter((r) => r.tenant_id === tenantId)
        .filter((r) => options.before === null || r.received_at <= options.before)
        .filter((r) => !options.match.since || r.received_at >= options.match.since)
        .filter((r) => !options.match.provider || r.provider === options.match.provider)
        .sort((a, b) => b.received_at.localeCompare(a.received_at));
      return { records: rows.slice(0, options.limit), exhausted: rows.length <= options.limit };
    },
  };
  const tenants: TenantProfile[] = [
    { tenant_id: 'acme', name: 'Acme', status: 'active' } as TenantProfile,
    { tenant_id: 'globex', name: 'Globex', status: 'active' } as TenantProfile,
  ];
  const archived: string[] = [];
  const endpoints = new MemoryEndpoints(() => NOW);
  const ports: ConsolePorts = {
    target: dlq.target,
    local: true,
    signingKey: Buffer.alloc(32, 7),
    allowedOrigins: ['http://127.0.0.1:3001'],
    dlq,
    log: {
      getJourney: async (eventId): Promise<EventJourney> => ({
        routing: records.find((r) => r.event_id === eventId) ?? null,
        deliveries: deliveries.filter((d) => d.event_id === eventId),
      }),
    },
    endpoints,
    index,
    tenants: {
      listTenants: async () => tenants,
      getTenant: async (id) => tenants.find((t) => t.tenant_id === id) ?? null,
      getRoutes: async (id) =>
        id === 'acme'
          ? ([
              {
                route_id: 'orders',
                match: { provider: 'stripe', event_type: '*' },
                destination: {
                  type: 'http',
                  url: 'https://billing.acme.example/hooks',
                  headers: { 'x-api-key': PLANTED_SECRET },
                  signing_secret_name: 'tsunagi/local/acme/routes/orders',
                },
              },
            ] as never)
          : [],
    },
    syncResults: {
      historyRows: async () => [],
      reportItem: async () => null,
      reportObject: async () => null,
    },
    syncRuns: { reportItems: async () => [] },
    openArchive: async (queue) => ({
      file: `memory://${queue}`,
      write: async (lines) => {
        archived.push(...lines);
      },
      close: async () => undefined,
    }),
    chunkMs: 5_000,
    clock: () => NOW,
    logError: () => undefined,
  };
  return { ports, queues, audit, archived, endpoints };
};
