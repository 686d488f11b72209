import type { DeliveryLog } from '../../delivery/delivery-log.ts';
import type { EndpointHealthStore, EndpointNotifier, HeldDeliveries } from '../../delivery/health/ports.ts';
import type { TenantDirectory } from '../../tenants/ports.ts';
import type { EventIndex } from '../events-search.ts';
import type { DlqPorts } from '../ports.ts';

/**
 * What the `endpoints` use cases act through, for one target: the endpoints table (health records and held
 * deliveries), the tenant directory (to tell an unknown tenant or route), the delivery log (recent attempts),
 * and the DLQ use cases' ports (the delivery queue for release requests, the delivery DLQ for `recover`, the
 * audit trail and who acts).
 */
export interface EndpointOpsPorts extends DlqPorts {
  readonly health: EndpointHealthStore;
  readonly held: HeldDeliveries;
  readonly tenants: Pick<TenantDirectory, 'getTenant' | 'getRoutes'>;
  readonly index: EventIndex;
  readonly log: Pick<DeliveryLog, 'getJourney'>;
  /** Tells operators and the tenant of an operator's disable; absent where the target has no alert topic. */
  readonly notifier?: EndpointNotifier;
}
