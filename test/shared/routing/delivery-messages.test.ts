import { describe, expect, it } from 'vitest';
import { buildDeliveryMessages, dedupeKey } from '../../../shared/routing/delivery-messages.ts';
import { acme, envelope } from './fixtures.ts';

describe('Function: dedupeKey', () => {
  it('keys an event on tenant, provider and the provider event id, not the platform event id', () => {
    // Act & Assess
    expect(dedupeKey(envelope({ event_id: 'evt_a' }))).toBe(dedupeKey(envelope({ event_id: 'evt_b' })));
    expect(dedupeKey(envelope())).toBe('acme#stripe#provider:evt_1QxStripe');
  });

  it('tells tenants and providers apart', () => {
    // Act
    const keys = new Set([
      dedupeKey(envelope()),
      dedupeKey(envelope({ tenant_id: 'beta' })),
      dedupeKey(envelope({ provider: 'github' })),
    ]);

    // Assess
    expect(keys.size).toBe(3);
  });

  it('falls back to the platform event id, tagged so it never equals a provider id', () => {
    // Act
    const fallback = dedupeKey(envelope({ provider_event_id: null, event_id: 'evt_1QxStripe' }));

    // Assess
    expect(fallback).toBe('acme#stripe#platform:evt_1QxStripe');
    expect(fallback).not.toBe(dedupeKey(envelope()));
  });
});

describe('Function: buildDeliveryMessages', () => {
  it('builds one message per route in route order, each with its own delivery id', () => {
    // Prepare
    const routes = acme().routes.slice(0, 2);

    // Act
    const messages = buildDeliveryMessages(envelope({ event_id: 'evt_9' }), routes);

    // Assess
    expect(messages.map((m) => [m.delivery_id, m.destination.type])).toEqual([
      ['evt_9:payments-to-backend', 'http'],
      ['evt_9:all-stripe-by-mail', 'email'],
    ]);
  });

  it('builds nothing for no routes', () => {
    expect(buildDeliveryMessages(envelope(), [])).toEqual([]);
  });
});
