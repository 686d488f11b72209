import type { DeadLetter } from '../../../infra/local/delivery-dlq.ts';
import type { DeliveryRecord } from '../../../shared/delivery/delivery-log.ts';
import { eventually } from '../../integration/eventually.ts';
import type { FaultWorld } from './faults-world.ts';

/** Where each delivery (`<event id>:<route id>`) ended once the platform went quiet. */
export interface Settled {
  readonly delivered: Map<string, DeliveryRecord>;
  readonly deadLettered: Map<string, { record: DeliveryRecord | undefined; letter: DeadLetter }>;
}

/** Resolves when both queues are empty: nothing is still on its way to the destination. */
export const quiet = async (world: FaultWorld, timeoutMs = 45_000): Promise<void> => {
  const { inbound, delivery } = world.platform.queueUrls;
  await eventually(
    'the inbound and delivery queues to drain',
    async () => ((await world.depth(inbound)) + (await world.depth(delivery)) === 0 ? true : undefined),
    timeoutMs,
    250,
  );
};

/**
 * Waits until every delivery is delivered or in the DLQ and both queues are empty, then says where each
 * ended. A delivery found in neither place after `timeoutMs` fails the wait: that is a lost event.
 */
export const settle = async (
  world: FaultWorld,
  eventIds: readonly string[],
  routeId: string,
  timeoutMs = 60_000,
): Promise<Settled> => {
  const letters = new Map<string, DeadLetter>();
  const settled = await eventually(
    `${eventIds.length} deliveries on ${routeId} to be delivered or dead-lettered`,
    async () => {
      for (const letter of await world.deadLetters()) letters.set(letter.message_id, letter);
      const delivered = new Map<string, DeliveryRecord>();
      const deadLettered: Settled['deadLettered'] = new Map();
      for (const eventId of eventIds) {
        const key = `${eventId}:${routeId}`;
        const record = (await world.journey(eventId)).deliveries.find((d) => d.route_id === routeId);
        const letter = [...letters.values()].find((l) => l.delivery_id === key);
        if (letter) deadLettered.set(key, { record, letter });
        else if (record?.status === 'delivered') delivered.set(key, record);
        else return undefined;
      }
      return { delivered, deadLettered };
    },
    timeoutMs,
    500,
  );
  await quiet(world);
  return settled;
};
