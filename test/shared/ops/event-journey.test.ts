import { describe, expect, it } from 'vitest';
import type { EventJourney } from '../../../shared/delivery/delivery-log.ts';
import { NotFoundError } from '../../../shared/ops/errors.ts';
import { EventJourneyOutputSchema, showEventJourney } from '../../../shared/ops/event-journey.ts';

const target = { label: 'local (test)', stage: 'local' };

const journey: EventJourney = {
  routing: {
    event_id: 'evt_1',
    tenant_id: 'acme',
    provider: 'stripe',
    provider_event_id: 'p_1',
    event_type: 'payment_intent.succeeded',
    trace_id: 'trace',
    received_at: '2026-01-05T03:00:00.000Z',
    routed_at: '2026-01-05T03:00:00.042Z',
    route_ids: ['orders'],
    duplicate_of: null,
  },
  deliveries: [],
};

describe('Function: showEventJourney', () => {
  it('returns the journey in the shape of its JSON schema', async () => {
    // Act
    const output = await showEventJourney(
      { target, log: { getJourney: async () => journey } },
      { eventId: 'evt_1' },
    );

    // Assess
    expect(EventJourneyOutputSchema.parse(output)).toEqual({
      target: 'local (test)',
      event_id: 'evt_1',
      ...journey,
    });
  });

  it('throws NotFoundError for an event the delivery log does not know', async () => {
    // Act
    const output = showEventJourney(
      { target, log: { getJourney: async () => ({ routing: null, deliveries: [] }) } },
      { eventId: 'evt_nope' },
    );

    // Assess
    await expect(output).rejects.toBeInstanceOf(NotFoundError);
    await expect(output).rejects.toThrow(/nothing in the delivery log of local \(test\) for evt_nope/);
  });
});
