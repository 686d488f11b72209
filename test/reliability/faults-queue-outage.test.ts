import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SentRequest, SignedRequest } from '../../infra/local/signed-request.ts';
import { eventually } from '../integration/eventually.ts';
import { ok } from './support/faults-destination.ts';
import { settle } from './support/faults-settle.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'outage';
const EVENTS = 30;

interface Attempt {
  readonly response: SentRequest;
  readonly startedAt: number;
  readonly endedAt: number;
}

describe('Fault: the queue is unavailable while webhooks arrive', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    // The pollers report every failed receive while SQS is down; that is expected here.
    vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    world = await startFaultWorld({ routes: [ROUTE], inboundVisibilitySeconds: 3 });
    world.destination.on(`/${ROUTE}`, () => ok);
  });

  afterAll(async () => {
    await world?.stop();
    vi.restoreAllMocks();
  });

  /** A provider's sender: on 503 it waits Retry-After and sends the same request again. */
  const deliverAsProvider = async (request: SignedRequest): Promise<Attempt[]> => {
    const attempts: Attempt[] = [];
    for (let i = 0; i < 6; i++) {
      const startedAt = Date.now();
      const response = await world.send(request);
      attempts.push({ response, startedAt, endedAt: Date.now() });
      if (response.status !== 503) return attempts;
      await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
    }
    return attempts;
  };

  it('answers 503 with Retry-After while SQS is down and loses no event it accepted', async () => {
    // Prepare
    const providerEventIds = Array.from({ length: EVENTS }, (_, i) => `outage_${i}`);
    const down = { from: Number.POSITIVE_INFINITY, to: Number.POSITIVE_INFINITY };

    // Act: a steady stream of webhooks; SQS stops shortly after it begins and comes back 1.5 s later.
    const outage = (async () => {
      await sleep(300);
      await world.platform.sqs.stop();
      down.from = Date.now();
      await sleep(1_500);
      down.to = Date.now();
      await world.platform.sqs.restart();
    })();
    const senders = providerEventIds.map(async (id, i) => {
      await sleep(i * 50);
      return deliverAsProvider(world.webhook(`${ROUTE}.created`, id));
    });
    const results = await Promise.all(senders);
    await outage;

    // Assess: while SQS was down every answer was a 503 with Retry-After; never any other 5xx.
    const attempts = results.flat();
    const whileDown = attempts.filter((a) => a.startedAt > down.from && a.endedAt < down.to);
    expect(whileDown.length).toBeGreaterThanOrEqual(3);
    for (const { response } of whileDown) {
      expect(response.status, response.text).toBe(503);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    expect(attempts.map((a) => a.response.status).filter((s) => s !== 202 && s !== 503)).toEqual([]);
    // Every sender got its event accepted in the end, retried ones included.
    for (const attemptsOfOne of results) expect(attemptsOfOne.at(-1)?.response.status).toBe(202);

    // Every accepted event is routed: as the one routing of its provider event, or as a duplicate of it (a 503
    // after the message was in fact durable makes the retry a second copy, which must not deliver twice).
    const origins = new Map<string, string>();
    for (const [i, attemptsOfOne] of results.entries()) {
      const eventId = attemptsOfOne.at(-1)!.response.eventId!;
      const routing = await eventually(`accepted event ${eventId} to be routed`, async () => {
        return (await world.journey(eventId)).routing ?? undefined;
      });
      origins.set(providerEventIds[i]!, routing.duplicate_of ?? eventId);
    }
    const settled = await settle(world, [...origins.values()], ROUTE);
    expect(settled.deadLettered.size).toBe(0);
    expect(settled.delivered.size).toBe(EVENTS);
    for (const [providerEventId, origin] of origins) {
      expect(world.destination.sideEffects(`${origin}:${ROUTE}`), providerEventId).toBe(1);
      const forThisEvent = world.destination
        .requests(`/${ROUTE}`)
        .filter((r) => r.providerEventId === providerEventId);
      expect(
        forThisEvent.filter((r) => r.outcome === 200),
        providerEventId,
      ).toHaveLength(1);
    }
  });
});
