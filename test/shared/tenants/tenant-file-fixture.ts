/** A valid tenant file as an operator writes it (raw JSON value); tests clone it with structuredClone. */
export const VALID_TENANT_FILE = {
  tenants: [
    {
      tenant_id: 'acme',
      name: 'Acme Corporation',
      status: 'active',
      integrations: [
        {
          system: 'SLACK',
          credentials_secret_arn_or_name: 'tsunagi/acme/slack',
          settings: { team_id: 'T0123ABCD' },
        },
        {
          system: 'TEAMS',
          credentials_secret_arn_or_name:
            'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tsunagi/acme/teams-AbCdEf',
        },
      ],
      routes: [
        {
          route_id: 'payments-to-backend',
          description: 'Stripe payment events to the billing backend',
          match: { provider: 'stripe', event_type: 'payment_intent.*' },
          destination: {
            type: 'http',
            url: 'https://billing.acme.example/webhooks/tsunagi',
            signing_secret_name: 'tsunagi/acme/routes/payments-to-backend',
            timeout_ms: 5000,
            rate_limit_per_second: 20,
            headers: { 'X-Acme-Source': 'tsunagi' },
          },
          enabled: true,
        },
        {
          route_id: 'failures-by-mail',
          match: { provider: 'stripe', event_type: 'invoice.payment_failed' },
          destination: {
            type: 'email',
            to: ['billing@acme.example', 'cfo@acme.example'],
            subject_template: 'Payment failed: {{event_id}}',
            template: 'Invoice {{data.object.id}} could not be charged.',
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
            message_template: 'GitHub: {{event_type}}',
          },
          enabled: false,
        },
      ],
    },
    {
      tenant_id: 'beta-co',
      name: 'Beta Co',
      status: 'suspended',
      routes: [
        {
          route_id: 'all-to-teams',
          match: { provider: '*', event_type: '*' },
          destination: {
            type: 'chat',
            system: 'TEAMS',
            channel_id: '19ab8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b/19:general@thread.tacv2',
            message_template: '{{provider}} {{event_type}}',
          },
        },
      ],
      integrations: [{ system: 'TEAMS', credentials_secret_arn_or_name: 'tsunagi/beta-co/teams' }],
    },
  ],
};

// biome-ignore lint/suspicious/noExplicitAny: tests edit the raw file freely, also into shapes the schema rejects.
export type RawTenantFile = any;

/** A fresh, mutable copy of the valid file. */
export const validTenantFile = (): RawTenantFile => structuredClone(VALID_TENANT_FILE);
