import type {
  EndpointHealth,
  EndpointNotificationType,
  EndpointStatus,
  HealthChange,
} from './endpoint-health.ts';

/** One destination: a tenant's route. */
export interface EndpointRef {
  readonly tenantId: string;
  readonly routeId: string;
}

/** Which health records to list. */
export interface EndpointFilter {
  readonly tenantId?: string;
  readonly status?: EndpointStatus;
}

/**
 * The destinations' health records. `update` applies `change` to the current record (a fresh healthy one when
 * there is none) and stores the result only if nobody changed the record meanwhile, trying again on a conflict,
 * so two workers' outcomes never overwrite each other.
 */
export interface EndpointHealthStore {
  get(ref: EndpointRef): Promise<EndpointHealth | null>;
  update(ref: EndpointRef, change: (current: EndpointHealth) => HealthChange): Promise<HealthChange>;
  list(filter: EndpointFilter): Promise<EndpointHealth[]>;
}

/** A delivery held while its destination is disabled: the router's message, replayed unchanged on enable. */
export interface HeldDelivery {
  readonly delivery_id: string;
  readonly event_id: string;
  /** When the platform received the event: held deliveries are released in this order. */
  readonly received_at: string;
  readonly held_at: string;
  /** The delivery message as the router wrote it (no retry state), so release starts a fresh schedule. */
  readonly body: string;
  /** The router's string message attributes. */
  readonly attributes: Readonly<Record<string, string>>;
}

/** Where held deliveries wait; kept for HELD_RETENTION_DAYS (config-names.ts), never in a queue. */
export interface HeldDeliveries {
  /** Holds a delivery; holding the same delivery again keeps one copy. */
  hold(ref: EndpointRef, held: HeldDelivery): Promise<void>;
  /** The oldest held deliveries, in order of receipt, from `since` (ISO-8601) on when given. */
  oldest(ref: EndpointRef, limit: number, since?: string): Promise<HeldDelivery[]>;
  release(ref: EndpointRef, held: Pick<HeldDelivery, 'delivery_id' | 'received_at'>): Promise<void>;
  /** How many are held, from `since` (ISO-8601 receipt time) on when given. */
  count(ref: EndpointRef, since?: string): Promise<number>;
}

/** A destination's change of state, told once per change. */
export interface EndpointNotification {
  readonly type: EndpointNotificationType;
  readonly health: EndpointHealth;
  /** ISO-8601 UTC. */
  readonly at: string;
}

/** Tells operators (the stage's alert topic) and, where configured, the tenant. */
export interface EndpointNotifier {
  notify(notification: EndpointNotification): Promise<void>;
}
