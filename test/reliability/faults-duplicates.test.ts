import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../integration/eventually.ts';
import { ok } from './support/faults-destination.ts';
import { settle } from './support/faults-settle.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'dup';

describe('Fault: a provider delivers the same event several times', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    // A short inbound visibility: a copy that met its twin in progress is retried in seconds, not 30.
    world = await startFaultWorld({ routes: [ROUTE], inboundVisibilitySeconds: 3 });
    world.destination.on(`/${ROUTE}`, () => ok);
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('makes one side effect per provider event for identical signed copies sent at once and later', async () => {
    // Prepare: byte-identical signed requests, as a provider retrying after a lost answer sends them.
    const providerEventIds = ['dup_a', 'dup_b', 'dup_c', 'dup_d'];
    const requests = providerEventIds.map((id) => world.webhook(`${ROUTE}.created`, id));
    const copiesAtOnce = 4;

    // Act: every copy of every event concurrently, then two more copies of each once the first is routed.
    const burst = await Promise.all(
      requests.flatMap((request) => Array.from({ length: copiesAtOnce }, () => world.send(request))),
    );
    const byProviderEvent = new Map(providerEventIds.map((id) => [id, [] as string[]]));
    burst.forEach((response, i) => {
      expect(response.status, response.text).toBe(202);
      byProviderEvent.get(providerEventIds[Math.floor(i / copiesAtOnce)]!)!.push(response.eventId!);
    });
    const firstRouted = async (ids: readonly string[]) => {
      const journeys = await Promise.all(ids.map((id) => world.journey(id)));
      return journeys.find((j) => j.routing && j.routing.duplicate_of === null)?.routing ?? undefined;
    };
    for (const [id, eventIds] of byProviderEvent)
      await eventually(`${id} routed`, () => firstRouted(eventIds));
    for (const [index, request] of requests.entries()) {
      for (const later of [await world.send(request), await world.send(request)]) {
        expect(later.status, later.text).toBe(202);
        byProviderEvent.get(providerEventIds[index]!)!.push(later.eventId!);
      }
    }

    // Assess: each copy is routed, exactly one of them for real; the others name it as their original.
    for (const [providerEventId, eventIds] of byProviderEvent) {
      const routings = await eventually(`every copy of ${providerEventId} routed`, async () => {
        const all = await Promise.all(eventIds.map(async (id) => (await world.journey(id)).routing));
        return all.every((r) => r !== null) ? all.map((r) => r!) : undefined;
      });
      const originals = routings.filter((r) => r.duplicate_of === null);
      expect(originals, providerEventId).toHaveLength(1);
      const original = originals[0]!;
      expect(original.route_ids).toEqual([ROUTE]);
      for (const copy of routings.filter((r) => r !== original)) {
        expect(copy.duplicate_of).toBe(original.event_id);
        expect(copy.route_ids).toEqual([]);
      }
      const settled = await settle(world, [original.event_id], ROUTE);
      expect(settled.delivered.size).toBe(1);
      // One 2xx at the destination for this provider event, under the original's key, and nothing for the copies.
      const received = world.destination
        .requests(`/${ROUTE}`)
        .filter((r) => r.providerEventId === providerEventId);
      expect(received.filter((r) => r.outcome === 200)).toHaveLength(1);
      expect(world.destination.sideEffects(`${original.event_id}:${ROUTE}`)).toBe(1);
      expect(received.every((r) => r.webhookId === original.event_id && r.signatureValid)).toBe(true);
    }
    expect(await world.deadLetters()).toEqual([]);
  });
});
