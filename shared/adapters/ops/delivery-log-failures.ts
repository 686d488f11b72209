import type { DeliveryLog, FailureReason } from '../../delivery/delivery-log.ts';
import type { FailureLookup } from '../../ops/ports.ts';

/**
 * Failure reasons from the delivery log, for dead letters that carry none (the inbound DLQ's envelopes, or a
 * delivery dead-lettered by SQS itself after its receives ran out): the delivery's last error.
 */
export class DeliveryLogFailures implements FailureLookup {
  public constructor(private readonly log: DeliveryLog) {}

  public async failureOf(eventId: string, routeId: string | null): Promise<FailureReason | null> {
    const journey = await this.log.getJourney(eventId);
    const deliveries = journey.deliveries.filter(
      (delivery) => delivery.last_error && (routeId === null || delivery.route_id === routeId),
    );
    const latest = deliveries.sort((a, b) => b.updated_at.localeCompare(a.updated_at))[0];
    return latest?.last_error ?? null;
  }
}
