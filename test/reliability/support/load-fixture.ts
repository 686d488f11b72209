import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_SECONDARY_EMAIL_KEY_SECRET } from '../../../infra/local/platform-env.ts';

/**
 * The load suite's own tenant and secrets files, with secrets made fresh for each run so that finding one in
 * the log output can only mean the platform wrote it there.
 *
 * - `loadco` has exactly one route: every generic event → the fake tenant backend over HTTP. Each accepted
 *   event is therefore exactly one delivery, and the reconciliation counts deliveries one to one.
 * - `scanco` exercises every outbound path that touches a secret (re-signed HTTP with retries, a permanent
 *   400, a destination that stays at 503, Slack with a bot token, email through SES) for the secrets scan.
 */

export const LOAD_TENANT = 'loadco';
export const LOAD_ROUTE = 'load-to-backend';
export const SCAN_TENANT = 'scanco';
export const SCAN_ROUTES = {
  backend: 'scan-to-backend',
  rejected: 'scan-rejected',
  unavailable: 'scan-unavailable',
  chat: 'scan-to-slack',
  mail: 'scan-by-mail',
} as const;

// The fakes' default origins; startLocal points them at the ports actually bound.
const BACKEND = 'http://127.0.0.1:9330';
const ALWAYS_400 = 'http://127.0.0.1:9331';
const ALWAYS_503 = 'http://127.0.0.1:9332';

export interface LoadFixture {
  readonly tenantsFile: string;
  readonly secretsFile: string;
  /** The webhook signing secret (generic provider) of each tenant. */
  readonly webhookSecret: Readonly<Record<typeof LOAD_TENANT | typeof SCAN_TENANT, string>>;
  /** Every secret value the platform is given, in each form it could leak in (whsec_ and its key part). */
  readonly secretValues: readonly string[];
  cleanup(): Promise<void>;
}

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const whsec = () => `whsec_${randomBytes(24).toString('base64')}`;
const secretName = (tenant: string, kind: string, name: string) => `tsunagi/local/${tenant}/${kind}/${name}`;

const httpRoute = (routeId: string, url: string, tenant: string, extra: Record<string, unknown> = {}) => ({
  route_id: routeId,
  match: { provider: 'generic', event_type: '*' },
  destination: {
    type: 'http',
    url,
    signing_secret_name: secretName(tenant, 'routes', routeId),
    ...extra,
  },
});

const tenantFile = () => ({
  tenants: [
    {
      tenant_id: LOAD_TENANT,
      name: 'Load (reliability suite)',
      status: 'active',
      // The limiter's default (10/s per destination) would make 10,000 deliveries take 17 minutes.
      routes: [
        httpRoute(LOAD_ROUTE, `${BACKEND}/loadco/events`, LOAD_TENANT, { rate_limit_per_second: 5_000 }),
      ],
    },
    {
      tenant_id: SCAN_TENANT,
      name: 'Secrets scan (reliability suite)',
      status: 'active',
      integrations: [
        { system: 'SLACK', credentials_secret_arn_or_name: secretName(SCAN_TENANT, 'integrations', 'slack') },
      ],
      routes: [
        httpRoute(SCAN_ROUTES.backend, `${BACKEND}/scanco/events`, SCAN_TENANT),
        httpRoute(SCAN_ROUTES.rejected, `${ALWAYS_400}/scanco`, SCAN_TENANT),
        httpRoute(SCAN_ROUTES.unavailable, `${ALWAYS_503}/scanco`, SCAN_TENANT),
        {
          route_id: SCAN_ROUTES.chat,
          match: { provider: 'generic', event_type: '*' },
          destination: {
            type: 'chat',
            system: 'SLACK',
            channel_id: 'C0SCANOPS',
            message_template: 'Event {{event_id}} of type {{type}}',
          },
        },
        {
          route_id: SCAN_ROUTES.mail,
          match: { provider: 'generic', event_type: '*' },
          destination: {
            type: 'email',
            to: ['ops@scanco.example'],
            subject_template: '[scanco] {{type}}',
            template: 'Event {{event_id}}',
          },
        },
      ],
    },
  ],
});

/** Writes both files into a fresh temporary directory. */
export const createLoadFixture = async (): Promise<LoadFixture> => {
  const dir = await mkdtemp(join(tmpdir(), 'tsunagi-load-'));
  const webhookSecret = { [LOAD_TENANT]: hex(32), [SCAN_TENANT]: hex(32) };
  const previousWebhookSecret = hex(32);
  const routeSecrets = new Map<string, string>([
    [secretName(LOAD_TENANT, 'routes', LOAD_ROUTE), whsec()],
    ...Object.values(SCAN_ROUTES).map((id) => [secretName(SCAN_TENANT, 'routes', id), whsec()] as const),
  ]);
  const slackToken = `xoxb-${hex(12)}`;
  const secondaryKey = `SG.${hex(8)}.${hex(16)}`;
  const secrets: Record<string, string> = {
    [secretName(LOAD_TENANT, 'webhooks', 'generic')]: JSON.stringify({
      signingSecrets: [webhookSecret[LOAD_TENANT]],
    }),
    // Two live secrets, as during a rotation: the previous one must not leak either.
    [secretName(SCAN_TENANT, 'webhooks', 'generic')]: JSON.stringify({
      signingSecrets: [webhookSecret[SCAN_TENANT], previousWebhookSecret],
    }),
    ...Object.fromEntries(routeSecrets),
    [secretName(SCAN_TENANT, 'integrations', 'slack')]: slackToken,
    [LOCAL_SECONDARY_EMAIL_KEY_SECRET]: secondaryKey,
  };
  const tenantsFile = join(dir, 'tenants.json');
  const secretsFile = join(dir, 'secrets.json');
  await writeFile(tenantsFile, JSON.stringify(tenantFile(), null, 2));
  await writeFile(secretsFile, JSON.stringify(secrets, null, 2));
  const secretValues = [
    ...Object.values(webhookSecret),
    previousWebhookSecret,
    ...[...routeSecrets.values()].flatMap((value) => [value, value.slice('whsec_'.length)]),
    slackToken,
    secondaryKey,
  ];
  return {
    tenantsFile,
    secretsFile,
    webhookSecret,
    secretValues,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
};
