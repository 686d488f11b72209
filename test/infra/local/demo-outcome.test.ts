import { describe, expect, it } from 'vitest';
import type { DeadLetter } from '../../../infra/local/delivery-dlq.ts';
import { renderOutcomes, waitForOutcomes } from '../../../infra/local/demo-outcome.ts';
import type {
  DeliveryLog,
  DeliveryRecord,
  EventJourney,
  RoutingRecord,
} from '../../../shared/delivery/delivery-log.ts';

const routing = (eventId: string, routeIds: string[]): RoutingRecord => ({
  event_id: eventId,
  tenant_id: 'acme',
  provider: 'stripe',
  provider_event_id: 'evt_stripe_1',
  event_type: 'payment_intent.succeeded',
  trace_id: 't'.repeat(32),
  received_at: '2026-01-01T00:00:00.000Z',
  routed_at: '2026-01-01T00:00:00.020Z',
  route_ids: routeIds,
  duplicate_of: null,
});

const delivery = (eventId: string, routeId: string, status: DeliveryRecord['status']): DeliveryRecord => ({
  event_id: eventId,
  route_id: routeId,
  tenant_id: 'acme',
  destination_type: 'http',
  status,
  attempts: 3,
  receive_count: 1,
  latencies_ms: [5, 4, 6],
  last_status: status === 'delivered' ? 200 : 503,
  last_error: null,
  updated_at: '2026-01-01T00:00:01.000Z',
});

class MemoryLog implements Pick<DeliveryLog, 'getJourney'> {
  public journeys = new Map<string, EventJourney>();
  public async getJourney(eventId: string): Promise<EventJourney> {
    return this.journeys.get(eventId) ?? { routing: null, deliveries: [] };
  }
}

const hints = {
  mailbox: 'mailbox',
  backend: 'backend',
  slack: 'slack',
  teams: 'teams',
  lineWorks: 'line-works',
};

describe('Function: waitForOutcomes', () => {
  it('waits until each delivery is delivered or in the DLQ, then reports each', async () => {
    // Prepare
    const log = new MemoryLog();
    log.journeys.set('evt_a', { routing: routing('evt_a', ['r1', 'r2']), deliveries: [] });
    const dlq: DeadLetter[] = [];
    let polls = 0;
    const deadLetters = async () => {
      if (++polls === 3) {
        log.journeys.set('evt_a', {
          routing: routing('evt_a', ['r1', 'r2']),
          deliveries: [delivery('evt_a', 'r1', 'delivered'), delivery('evt_a', 'r2', 'retrying')],
        });
        dlq.push({
          message_id: 'm1',
          delivery_id: 'evt_a:r2',
          event_id: 'evt_a',
          route_id: 'r2',
          attributes: {},
        });
      }
      return dlq;
    };

    // Act
    const outcomes = await waitForOutcomes({
      events: [{ label: 'stripe payment_intent.succeeded', event_id: 'evt_a' }],
      log: log as unknown as DeliveryLog,
      deadLetters,
      timeoutMs: 5_000,
      intervalMs: 1,
    });

    // Assess
    expect(polls).toBe(3);
    expect(outcomes[0]?.settled).toBe(true);
    const text = renderOutcomes(outcomes, hints, 1500);
    expect(text).toContain('→ r1 (http): DELIVERED after 3 attempt(s) over 1 receive(s)');
    expect(text).toContain('→ r2 (http): IN THE DLQ');
    expect(text).toContain('see backend');
  });

  it("points each delivered chat message at the fake of its route's system", () => {
    // Prepare
    const chat = (routeId: string): DeliveryRecord => ({
      ...delivery('evt_d', routeId, 'delivered'),
      destination_type: 'chat',
      attempts: 1,
    });
    const routeIds = ['to-slack', 'to-teams', 'to-line-works', 'to-unknown'];
    const deliveries = routeIds.map((routeId) => ({
      route_id: routeId,
      record: chat(routeId),
      dead_letter: null,
      settled: true,
    }));
    const outcome = {
      label: 'shopify orders/create',
      event_id: 'evt_d',
      routing: routing('evt_d', routeIds),
      deliveries,
      settled: true,
    };
    const systems = new Map([
      ['to-slack', 'SLACK'],
      ['to-teams', 'TEAMS'],
      ['to-line-works', 'LINE_WORKS'],
    ] as const);

    // Act
    const lines = renderOutcomes([outcome], hints, 10, systems).split('\n');

    // Assess
    const hintAfter = (routeId: string) => lines[lines.findIndex((l) => l.includes(`→ ${routeId} `)) + 1];
    expect(hintAfter('to-slack')).toBe('      see slack');
    expect(hintAfter('to-teams')).toBe('      see teams');
    expect(hintAfter('to-line-works')).toBe('      see line-works');
    expect(hintAfter('to-unknown')).not.toContain('see');
  });

  it('gives up at the deadline and says what is still in progress or unrouted', async () => {
    const log = new MemoryLog();
    log.journeys.set('evt_b', { routing: routing('evt_b', []), deliveries: [] });

    const outcomes = await waitForOutcomes({
      events: [
        { label: 'line message', event_id: 'evt_b' },
        { label: 'github push', event_id: 'evt_c' },
      ],
      log: log as unknown as DeliveryLog,
      deadLetters: async () => [],
      timeoutMs: 20,
      intervalMs: 5,
    });

    const text = renderOutcomes(outcomes, hints, 20);
    expect(outcomes.map((o) => o.settled)).toEqual([true, false]);
    expect(text).toContain('1 event(s) matched no route');
    expect(text).toContain('1 event(s) not routed yet: github push');
  });
});
