import type {
  DeliveryLog,
  DeliveryRecord,
  EventJourney,
  RoutingRecord,
} from '../../../shared/delivery/delivery-log.ts';
import type { DeliveryMessage } from '../../../shared/delivery/delivery-message.ts';
import { EventInProgressError } from '../../../shared/routing/errors.ts';
import type {
  DeliveryQueue,
  EventDeduplicator,
  RoutingSummary,
  SendBatchResult,
} from '../../../shared/routing/ports.ts';
import type { TenantDirectory } from '../../../shared/tenants/ports.ts';
import type { Route, Tenant, TenantProfile } from '../../../shared/tenants/tenant-file.ts';

/** Tenants held in memory; `failing` makes every read reject, as a throttled table would. */
export class MemoryTenantDirectory implements TenantDirectory {
  public failing: Error | null = null;
  private readonly tenants: Map<string, Tenant>;

  public constructor(tenants: readonly Tenant[]) {
    this.tenants = new Map(tenants.map((tenant) => [tenant.tenant_id, tenant]));
  }

  public async getTenant(tenantId: string): Promise<TenantProfile | null> {
    if (this.failing) throw this.failing;
    const tenant = this.tenants.get(tenantId);
    if (!tenant) return null;
    const { routes: _routes, ...profile } = tenant;
    return profile;
  }

  public async getRoutes(tenantId: string): Promise<readonly Route[]> {
    if (this.failing) throw this.failing;
    return this.tenants.get(tenantId)?.routes ?? [];
  }
}

/** A queue that keeps what it accepted and refuses the delivery ids it is told to. */
export class MemoryDeliveryQueue implements DeliveryQueue {
  public readonly sent: DeliveryMessage[] = [];
  public readonly refused = new Set<string>();

  public async sendBatch(messages: readonly DeliveryMessage[]): Promise<SendBatchResult> {
    const failures = messages
      .filter((message) => this.refused.has(message.delivery_id))
      .map((message) => ({ delivery_id: message.delivery_id, code: 'InternalError', message: 'refused' }));
    this.sent.push(
      ...messages.filter((message) => !this.refused.has(message.delivery_id)).map((m) => structuredClone(m)),
    );
    return { failures };
  }
}

/** The delivery log in memory, with the same keys as the table: routing per event, delivery per event × route. */
export class MemoryDeliveryLog implements DeliveryLog {
  public readonly routing = new Map<string, RoutingRecord>();
  public readonly deliveries = new Map<string, DeliveryRecord>();

  public async recordRouting(record: RoutingRecord): Promise<void> {
    this.routing.set(record.event_id, structuredClone(record));
  }

  public async recordDelivery(record: DeliveryRecord): Promise<void> {
    const key = `${record.event_id}:${record.route_id}`;
    const stored = this.deliveries.get(key);
    this.deliveries.set(key, {
      ...structuredClone(record),
      attempts: (stored?.attempts ?? 0) + record.attempts,
      latencies_ms: [...(stored?.latencies_ms ?? []), ...record.latencies_ms],
    });
  }

  public async getJourney(eventId: string): Promise<EventJourney> {
    return {
      routing: this.routing.get(eventId) ?? null,
      deliveries: [...this.deliveries.values()].filter((d) => d.event_id === eventId),
    };
  }
}

type Entry = { readonly status: 'in_progress' } | { readonly status: 'completed'; readonly json: string };

/** Powertools idempotency's contract in memory: completed → stored summary; throw → forgotten; busy → error. */
export class MemoryDeduplicator implements EventDeduplicator {
  public readonly entries = new Map<string, Entry>();

  public async runOnce(key: string, work: () => Promise<RoutingSummary>): Promise<RoutingSummary> {
    const entry = this.entries.get(key);
    if (entry?.status === 'completed') return JSON.parse(entry.json) as RoutingSummary;
    if (entry?.status === 'in_progress') throw new EventInProgressError(`${key} is in progress`);
    this.entries.set(key, { status: 'in_progress' });
    try {
      const summary = await work();
      // Stored as JSON, as in DynamoDB: a repeat gets a copy, never the object the first run returned.
      this.entries.set(key, { status: 'completed', json: JSON.stringify(summary) });
      return summary;
    } catch (error) {
      this.entries.delete(key);
      throw error;
    }
  }
}
