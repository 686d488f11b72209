import type { Destination, DestinationType } from '../../tenants/destinations.ts';
import type { EventPayload } from './event-payload.ts';

/** One delivery as a destination adapter sees it. */
export interface DeliveryContext {
  /** `<event id>:<route id>`, sent as `Idempotency-Key`. */
  readonly deliveryId: string;
  readonly routeId: string;
  readonly tenantId: string;
  readonly traceId: string;
  /** The event as the tenant receives it (and templates render from). */
  readonly payload: EventPayload;
  /** Epoch ms by which the delivery must be over. */
  readonly deadline: number;
  /** The provider request's captured headers, for the route document a transform sees. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The route's transform as snapshotted in the delivery message; absent or null when it has none. */
  readonly transform?: string | null;
}

/** What a successful delivery took. */
export interface DeliveryResult {
  /** Requests that went out, the successful one included. */
  readonly attempts: number;
  readonly latencies_ms: readonly number[];
  readonly last_status: number | null;
  /** Which provider carried it, where there is a choice (email: `ses` or `secondary`). */
  readonly via?: string;
}

/** Delivers to one kind of destination; throws a classified `OperationError` when it cannot. */
export interface DestinationAdapter<D> {
  deliver(destination: D, context: DeliveryContext): Promise<DeliveryResult>;
}

/** The destination schema of one type. */
export type DestinationOf<K extends DestinationType> = Extract<Destination, { type: K }>;

/** One adapter per destination type; a missing type is a compile error. */
export type DestinationRegistry = { readonly [K in DestinationType]: DestinationAdapter<DestinationOf<K>> };
