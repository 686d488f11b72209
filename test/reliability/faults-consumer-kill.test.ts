import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsumers, startConsumers } from '../../infra/local/consumers.ts';
import { eventually } from '../integration/eventually.ts';
import { type ConsumerProcess, consumerOptionsFor, spawnConsumers } from './support/faults-consumers.ts';
import { type DestinationAction, ok } from './support/faults-destination.ts';
import { settle } from './support/faults-settle.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'killed';
const EVENTS = 8;
/** The worker's timeout, and so the delivery queue's visibility timeout: when a killed batch reappears. */
const WORKER_TIMEOUT_MS = 4_000;

describe('Fault: the consumer is killed in the middle of a batch', () => {
  let world: FaultWorld;
  let doomed: ConsumerProcess | undefined;
  let successor: LocalConsumers | undefined;

  beforeAll(async () => {
    world = await startFaultWorld({
      routes: [ROUTE],
      platform: { consumers: false, workerTimeoutMs: WORKER_TIMEOUT_MS },
    });
  });

  afterAll(async () => {
    await doomed?.kill();
    await successor?.stop();
    await world?.stop();
  });

  it('redelivers the killed batch after the visibility timeout and delivers each record once', async () => {
    // Prepare: the destination holds every request until the consumer holding them is dead.
    let release: (action: DestinationAction) => void = () => undefined;
    const held = new Promise<DestinationAction>((resolve) => {
      release = resolve;
    });
    world.destination.on(`/${ROUTE}`, () => ({ hold: held }));
    const options = consumerOptionsFor(world.platform, WORKER_TIMEOUT_MS);
    doomed = await spawnConsumers(options);
    const responses = await Promise.all(
      Array.from({ length: EVENTS }, () => world.send(world.webhook(`${ROUTE}.created`))),
    );
    for (const response of responses) expect(response.status, response.text).toBe(202);
    const keys = responses.map((r) => `${r.eventId}:${ROUTE}`);
    await eventually('every delivery to be in flight at the destination', () => {
      const inFlight = new Set(world.destination.requests(`/${ROUTE}`).map((r) => r.idempotencyKey));
      return keys.every((key) => inFlight.has(key)) ? true : undefined;
    });

    // Act: kill it mid-batch; the held requests die with it. A new consumer takes over the same queues.
    await doomed.kill();
    await eventually('the destination to see every held request cut off', () =>
      world.destination.requests(`/${ROUTE}`).every((r) => r.outcome === 'aborted') ? true : undefined,
    );
    world.destination.on(`/${ROUTE}`, () => ok);
    release(ok);
    successor = await startConsumers(options);
    const { delivered, deadLettered } = await settle(
      world,
      responses.map((r) => r.eventId!),
      ROUTE,
    );

    // Assess: nothing the killed consumer held was answered; each record came back and was delivered once.
    expect(deadLettered.size).toBe(0);
    expect(delivered.size).toBe(EVENTS);
    const requests = world.destination.requests(`/${ROUTE}`);
    for (const key of keys) {
      const ofKey = requests.filter((r) => r.idempotencyKey === key);
      expect(
        ofKey.some((r) => r.outcome === 'aborted'),
        key,
      ).toBe(true);
      expect(world.destination.sideEffects(key), key).toBe(1);
      expect(delivered.get(key)?.receive_count, key).toBeGreaterThanOrEqual(2);
    }
  });
});
