import { describe, expect, it } from 'vitest';
import { renderJourney } from '../../../infra/ops/journey.ts';
import type { RoutingRecord } from '../../../shared/delivery/delivery-log.ts';

const ROUTING: RoutingRecord = {
  event_id: 'evt_1',
  tenant_id: 'acme',
  provider: 'stripe',
  provider_event_id: 'evt_1Qx',
  event_type: 'charge.succeeded',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  received_at: '2026-12-01T00:00:00.000Z',
  routed_at: '2026-12-01T00:00:00.030Z',
  route_ids: [],
  duplicate_of: null,
  unrouted_reason: 'filtered_out',
  unmatched_routes: [
    {
      route_id: 'big-jpy',
      reason: 'filter',
      detail: 'data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
    },
    { route_id: 'github-to-slack', reason: 'provider', detail: 'the route takes github events' },
    { route_id: 'old', reason: 'disabled', detail: null },
  ],
};

describe('Function: renderJourney', () => {
  it('says an event was filtered out and why each route did not take it', () => {
    // Act
    const text = renderJourney('evt_1', { routing: ROUTING, deliveries: [] });

    // Assess
    expect(text).toContain(
      '(+30 ms) → filtered out: routes took its provider and type, their filters did not match',
    );
    expect(text).toContain(
      '    big-jpy: filter did not match — data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
    );
    expect(text).toContain('    github-to-slack: other provider — the route takes github events');
    expect(text.split('\n')).toContain('    old: disabled');
  });

  it('prints a record written before filters existed as before', () => {
    const { unrouted_reason: _r, unmatched_routes: _m, ...old } = ROUTING;
    const text = renderJourney('evt_1', { routing: old, deliveries: [] });
    expect(text).toContain('→ no route matched (unrouted)');
    expect(text).not.toContain('not matched');
  });
});
