import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DestinationAction } from './support/faults-destination.ts';
import { settle } from './support/faults-settle.ts';
import { type FaultWorld, startFaultWorld } from './support/faults-world.ts';

const ROUTE = 'flap';
const EVENTS = 24;

/**
 * Requests in order: bursts of failures (never five in a row, so the breaker stays closed) between bursts of
 * success. The failures are the retryable kinds a real endpoint produces: 5xx, 429 with Retry-After, a cut
 * connection.
 */
const CYCLE: readonly ('fail' | 'ok')[] = [
  'fail',
  'fail',
  'fail',
  'ok',
  'ok',
  'fail',
  'fail',
  'fail',
  'fail',
  'ok',
  'ok',
  'ok',
];
const FAILURES: readonly DestinationAction[] = [
  { status: 503 },
  { status: 500 },
  { reset: true },
  { status: 429, headers: { 'retry-after': '1' } },
  { status: 502 },
];

describe('Fault: a destination flapping between failure and success', () => {
  let world: FaultWorld;

  beforeAll(async () => {
    // The platform's default worker timeout: 3 s of attempts per receive, 3 s kept for the bookkeeping.
    world = await startFaultWorld({ routes: [ROUTE], platform: { workerTimeoutMs: 6_000 } });
    world.destination.on(`/${ROUTE}`, ({ nth }) =>
      CYCLE[(nth - 1) % CYCLE.length] === 'ok' ? { status: 200 } : FAILURES[(nth - 1) % FAILURES.length]!,
    );
  });

  afterAll(async () => {
    await world?.stop();
  });

  it('ends every delivery delivered exactly once or dead-lettered with its reason, none lost', async () => {
    // Act
    const responses = await Promise.all(
      Array.from({ length: EVENTS }, () => world.send(world.webhook(`${ROUTE}.updated`))),
    );
    for (const response of responses) expect(response.status, response.text).toBe(202);
    const eventIds = responses.map((r) => r.eventId!);
    const { delivered, deadLettered } = await settle(world, eventIds, ROUTE);

    // Assess: the destination did flap, and every delivery is accounted for exactly once.
    const requests = world.destination.requests(`/${ROUTE}`);
    expect(requests.filter((r) => r.outcome !== 200).length).toBeGreaterThanOrEqual(7);
    expect(delivered.size + deadLettered.size).toBe(EVENTS);
    expect(delivered.size).toBeGreaterThan(0);
    // Each failure names the delivery and its attempts at the destination (outcome, arrival time).
    const history = (key: string) =>
      `${key}: ${JSON.stringify(requests.filter((r) => r.idempotencyKey === key).map((r) => [r.outcome, r.at]))}`;
    for (const [key, record] of delivered) {
      expect(world.destination.sideEffects(key), history(key)).toBe(1);
      expect(record.last_status).toBe(200);
    }
    for (const [key, { record, letter }] of deadLettered) {
      expect(world.destination.sideEffects(key), `${history(key)} ${JSON.stringify(record)}`).toBe(0);
      expect(['dead_lettered', 'failed_permanent'], key).toContain(record?.status);
      // The reason: on the dead letter for a permanent failure, in the delivery log after exhausted retries.
      expect(letter.attributes.failure_code ?? record?.last_error?.code, key).toBeTruthy();
    }
    // Every attempt of a delivery carried its stable key and the event id, correctly signed.
    for (const request of requests) {
      expect(request.signatureValid).toBe(true);
      expect(request.idempotencyKey).toBe(`${request.webhookId}:${ROUTE}`);
      expect(eventIds).toContain(request.webhookId);
    }
  });
});
