import {
  type EndpointHealth,
  type HealthChange,
  initialHealth,
} from '../../../../shared/delivery/health/endpoint-health.ts';
import type {
  EndpointFilter,
  EndpointHealthStore,
  EndpointRef,
  HeldDeliveries,
  HeldDelivery,
} from '../../../../shared/delivery/health/ports.ts';

const keyOf = (ref: EndpointRef) => `${ref.tenantId}/${ref.routeId}`;

/** Endpoint health and held deliveries in memory; counts reads and writes, `failing` makes every call reject. */
export class MemoryEndpoints implements EndpointHealthStore, HeldDeliveries {
  public readonly records = new Map<string, EndpointHealth>();
  public readonly heldBy = new Map<string, Map<string, HeldDelivery>>();
  public reads = 0;
  public writes = 0;
  public failing = false;

  public constructor(private readonly now: () => number = Date.now) {}

  public async get(ref: EndpointRef): Promise<EndpointHealth | null> {
    this.check();
    this.reads++;
    return this.records.get(keyOf(ref)) ?? null;
  }

  public async update(
    ref: EndpointRef,
    change: (current: EndpointHealth) => HealthChange,
  ): Promise<HealthChange> {
    this.check();
    this.writes++;
    const next = change(this.records.get(keyOf(ref)) ?? initialHealth(ref.tenantId, ref.routeId, this.now()));
    this.records.set(keyOf(ref), next.health);
    return next;
  }

  public async list(filter: EndpointFilter): Promise<EndpointHealth[]> {
    return [...this.records.values()].filter(
      (h) =>
        (filter.tenantId === undefined || h.tenant_id === filter.tenantId) &&
        (filter.status === undefined || h.status === filter.status),
    );
  }

  public async hold(ref: EndpointRef, held: HeldDelivery): Promise<void> {
    this.check();
    const items = this.heldBy.get(keyOf(ref)) ?? new Map<string, HeldDelivery>();
    items.set(`${held.received_at}#${held.delivery_id}`, held);
    this.heldBy.set(keyOf(ref), items);
  }

  public async oldest(ref: EndpointRef, limit: number, since?: string): Promise<HeldDelivery[]> {
    const items = [...(this.heldBy.get(keyOf(ref)) ?? new Map()).entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([, held]) => held as HeldDelivery)
      .filter((held) => since === undefined || held.received_at >= since);
    return items.slice(0, limit);
  }

  public async release(
    ref: EndpointRef,
    held: Pick<HeldDelivery, 'delivery_id' | 'received_at'>,
  ): Promise<void> {
    this.heldBy.get(keyOf(ref))?.delete(`${held.received_at}#${held.delivery_id}`);
  }

  public async count(ref: EndpointRef, since?: string): Promise<number> {
    return (await this.oldest(ref, Number.MAX_SAFE_INTEGER, since)).length;
  }

  private check(): void {
    if (this.failing) throw new Error('ProvisionedThroughputExceededException: slow down');
  }
}
