import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULES } from '../../shared/delivery/schedule/retry-schedule.ts';
import { eventually } from '../integration/eventually.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'unscaled';
const OUTAGE_MS = 90_000;
const { delays_ms: delays, jitter } = DEFAULT_RETRY_SCHEDULES.http;
/** The first attempt after the outage: attempt 4, after the waits of 5 s, 30 s and 5 min at their longest. */
const LATEST_MS = (delays[0]! + delays[1]! + delays[2]!) * (1 + jitter);

/**
 * The default schedule as deployed (DELIVERY_TIME_SCALE=1): an endpoint down for 90 s gets its event on the
 * schedule's next step, about 5½ minutes after the first try. Too long for CI's reliability step, so it runs only
 * when asked: `DELIVERY_UNSCALED=1 npm run test:reliability -- faults-unscaled-outage`.
 */
describe.runIf(process.env.DELIVERY_UNSCALED === '1')('Fault: an endpoint down for 90 s, unscaled', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    world = await startFaultWorld({
      routes: [ROUTE],
      platform: { consumerEnv: { DELIVERY_TIME_SCALE: '1' } },
    });
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('delivers the event on the schedule’s next step after the outage, nothing in the DLQ', async () => {
    // Prepare
    let first: number | null = null;
    world.destination.on(`/${ROUTE}`, () => {
      first ??= Date.now();
      return Date.now() - first < OUTAGE_MS ? { status: 503 } : { status: 200 };
    });

    // Act
    const response = await world.send(world.webhook(`${ROUTE}.created`));
    const eventId = response.eventId!;
    const record = await eventually(
      'the delivery',
      async () => (await world.journey(eventId)).deliveries.find((d) => d.status === 'delivered'),
      LATEST_MS + 60_000,
      1_000,
    );

    // Assess
    const requests = world.destination.requests(`/${ROUTE}`);
    const delivered = requests.find((r) => r.outcome === 200);
    expect(delivered).toBeDefined();
    const tookMs = delivered!.at - first!;
    expect(tookMs).toBeGreaterThan(OUTAGE_MS);
    expect(tookMs).toBeLessThan(LATEST_MS + 10_000);
    expect(world.destination.sideEffects(`${eventId}:${ROUTE}`)).toBe(1);
    expect(record.last_status).toBe(200);
    expect((await world.deadLetters()).filter((letter) => letter.route_id === ROUTE)).toEqual([]);
  }, 600_000);
});
