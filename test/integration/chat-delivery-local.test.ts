import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../infra/local/signed-request.ts';
import type { FakeVendors } from '../../infra/local/vendors/index.ts';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { eventually } from './eventually.ts';

// The demo tenant's Teams and LINE WORKS chat routes end to end: a signed webhook in, the router, the worker
// with its token providers, and the message at the daily sync's fake Graph and LINE WORKS, which check that
// the bearer token came from their own token endpoint for that tenant. Graph takes channel messages only with
// a delegated token, redeemed from the notifying account's refresh token in the integration secret.
describe('Local mode: Teams and LINE WORKS chat routes', () => {
  const TEAMS_SECRET = 'tsunagi/local/acme/integrations/teams';
  let stateDir: string;
  let platform: LocalPlatform;
  let vendors: FakeVendors;
  let secrets: LocalSecrets;
  let dynamo: DynamoDBClient;
  let log: DynamoDbDeliveryLog;

  const send = async (provider: ProviderId): Promise<string> => {
    const secret = secrets.secretsFor('acme', provider)[0]!;
    const built = demoPayloads[provider]({ tenantId: 'acme', secret, now: new Date() });
    const response = await sendRequest(
      signRequest({ baseUrl: platform.baseUrl, provider, tenantId: 'acme', secret, ...built }),
    );
    expect(response.status, response.text).toBe(202);
    return response.eventId!;
  };
  const delivered = (eventId: string, routeId: string) =>
    eventually(`${eventId}:${routeId} to be delivered`, async () => {
      const { deliveries } = await log.getJourney(eventId);
      return deliveries.find((d) => d.route_id === routeId && d.status === 'delivered');
    });
  const tokenGrants = (vendor: 'msgraph' | 'lineworks') =>
    vendors.requests({ vendor, tenant: 'acme', method: 'token' }).filter((r) => r.status === 200);

  const teamsSecret = async (): Promise<Record<string, string>> => {
    const file = JSON.parse(await readFile(platform.secretsFile, 'utf8')) as Record<string, string>;
    return JSON.parse(file[TEAMS_SECRET] ?? '{}') as Record<string, string>;
  };

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'tsunagi-chat-delivery-'));
    platform = await startLocal({
      ...FREE_PORTS,
      syncVendorsPort: 0,
      logLevel: 'SILENT',
      syncOptions: { schedulePaused: true, stateDir },
    });
    vendors = platform.sync!.vendors;
    secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
    dynamo = new DynamoDBClient({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoint: platform.dynamoEndpoint,
    });
    log = new DynamoDbDeliveryLog(dynamo, { tableName: platform.tables.deliveryLog, retentionDays: 1 });
  });

  afterAll(async () => {
    dynamo?.destroy();
    await platform?.stop();
    await rm(stateDir, { recursive: true, force: true });
  });

  it('posts a Shopify order to the Teams channel at the fake Graph, with a token from its token endpoint', async () => {
    // Act
    const eventId = await send('shopify');

    // Assess
    const message = await eventually('a Teams channel message', () =>
      vendors.postedMessages().teams.find((m) => m.content.includes(eventId)),
    );
    const { team, channels } = vendors.data('acme').msgraph.teams[1]!;
    expect(message).toMatchObject({
      tenant_id: 'acme',
      team_id: team.id,
      channel_id: channels[1]!.id,
      content_type: 'text',
      content: `New Shopify order: Tea set for 5980 JPY (event ${eventId})`,
      idempotency_key: `${eventId}:shop-orders-to-teams`,
    });
    expect(tokenGrants('msgraph').length).toBeGreaterThan(0);
    expect(await delivered(eventId, 'shop-orders-to-teams')).toMatchObject({ destination_type: 'chat' });
  });

  it('stores the refresh token Microsoft rotated in the integration secret, keeping the app credentials', async () => {
    // Prepare: the first test redeemed the consented refresh token.
    await eventually('a first Teams message', () => vendors.postedMessages().teams[0]);
    const { credentials, messagingRefreshToken } = vendors.tenant('acme').teams;

    // Act
    const stored = await eventually('the rotated refresh token', async () => {
      const secret = await teamsSecret();
      return secret.messaging_refresh_token !== messagingRefreshToken ? secret : undefined;
    });

    // Assess
    expect(stored).toEqual({
      tenant_id: credentials.tenantId,
      client_id: credentials.clientId,
      client_secret: credentials.clientSecret,
      messaging_refresh_token: expect.stringMatching(/^1\.AXoA-fake-graph-rt-/),
    });
  });

  it('relays a LINE message to the support talk room of the LINE WORKS bot, with a bot-scoped token', async () => {
    // Act
    const eventId = await send('line');

    // Assess
    const message = await eventually('a LINE WORKS bot message', () =>
      vendors.postedMessages().lineWorks.find((m) => m.text.includes(eventId)),
    );
    const { bot } = vendors.data('acme').lineworks;
    expect(message).toMatchObject({
      tenant_id: 'acme',
      bot_id: bot.botId,
      channel_id: bot.channelIds[3],
      user_id: null,
      text: `LINE customer says: こんにちは、つなぎ！ (event ${eventId})`,
      idempotency_key: `${eventId}:line-messages-to-line-works`,
    });
    expect(tokenGrants('lineworks').length).toBeGreaterThan(0);
    expect(await delivered(eventId, 'line-messages-to-line-works')).toMatchObject({ attempts: 1 });
  });

  it('gets a new Graph token once the fake refuses the cached one, and still delivers', async () => {
    // Prepare: the first test left a cached token in the worker; the fake now answers it 401.
    await eventually('a first Teams message', () => vendors.postedMessages().teams[0]);
    const grantsBefore = tokenGrants('msgraph').length;
    vendors.setFault('msgraph', 'acme', { kind: 'expire_tokens' });

    // Act
    const eventId = await send('shopify');

    // Assess
    await eventually('the Teams message after a token refresh', () =>
      vendors.postedMessages().teams.find((m) => m.content.includes(eventId)),
    );
    expect(tokenGrants('msgraph').length).toBe(grantsBefore + 1);
    const refused = vendors.requests({ vendor: 'msgraph', tenant: 'acme', method: 'channelMessage' });
    expect(refused.some((r) => r.status === 401)).toBe(true);
    expect(await delivered(eventId, 'shop-orders-to-teams')).toMatchObject({ attempts: 2 });
  });
});
