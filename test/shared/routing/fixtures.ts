import type { Tenant } from '../../../shared/tenants/tenant-file.ts';
import type { EventEnvelope } from '../../../shared/webhooks/envelope.ts';

/** An inbound envelope as the receiver enqueues it; override what a test is about. */
export const envelope = (overrides: Partial<EventEnvelope> = {}): EventEnvelope => ({
  version: 1,
  event_id: 'evt_0194f3a2-7c00-7abc-8def-0123456789ab',
  provider: 'stripe',
  tenant_id: 'acme',
  provider_event_id: 'evt_1QxStripe',
  event_type: 'payment_intent.succeeded',
  received_at: '2026-11-23T06:00:00.000Z',
  trace_id: '0af7651916cd43dd8448eb211c80319c',
  content_type: 'application/json',
  headers: { 'stripe-signature': '[masked]' },
  body: { encoding: 'utf8', data: '{"id":"evt_1QxStripe"}' },
  ...overrides,
});

/** Acme: two routes match Stripe payment events (one http, one email), one matches GitHub only, one disabled. */
export const acme = (): Tenant => ({
  tenant_id: 'acme',
  name: 'Acme Corporation',
  status: 'active',
  integrations: [],
  routes: [
    {
      route_id: 'payments-to-backend',
      match: { provider: 'stripe', event_type: 'payment_intent.*' },
      destination: {
        type: 'http',
        url: 'https://billing.acme.example/webhooks/tsunagi',
        signing_secret_name: 'tsunagi/acme/routes/payments-to-backend',
      },
      enabled: true,
    },
    {
      route_id: 'all-stripe-by-mail',
      match: { provider: 'stripe', event_type: '*' },
      destination: {
        type: 'email',
        to: ['billing@acme.example'],
        subject_template: 'Stripe: {{event_type}}',
        template: 'Event {{event_id}}',
      },
      enabled: true,
    },
    {
      route_id: 'github-to-slack',
      match: { provider: 'github', event_type: '*' },
      destination: {
        type: 'chat',
        system: 'SLACK',
        channel_id: 'C0123456789',
        message_template: '{{event_type}}',
      },
      enabled: true,
    },
    {
      route_id: 'disabled-stripe',
      match: { provider: 'stripe', event_type: '*' },
      destination: { type: 'chat', system: 'SLACK', channel_id: 'C0123456789', message_template: 'x' },
      enabled: false,
    },
  ],
});

/** A suspended tenant whose route would match everything. */
export const dormant = (): Tenant => ({
  tenant_id: 'dormant',
  name: 'Dormant KK',
  status: 'suspended',
  integrations: [],
  routes: [
    {
      route_id: 'everything',
      match: { provider: '*', event_type: '*' },
      destination: { type: 'email', to: ['ops@dormant.example'], subject_template: 's', template: 't' },
      enabled: true,
    },
  ],
});
