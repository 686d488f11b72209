import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from '../../../../infra/local/vendors/index.ts';

/** The fake identity platform's token endpoint: the sync's app-only grant and the notifier's delegated one. */

const SEED = { tenants: [{ id: 'acme' }, { id: 'globex' }] };
const MESSAGING_SCOPE = 'https://graph.microsoft.com/ChannelMessage.Send offline_access';

interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

describe('Class: FakeGraphLogin', () => {
  let fake: FakeVendors;
  const tokenUrl = (tenantId: string) =>
    `${fake.urls.msgraph}/${fake.tenant(tenantId).teams.credentials.tenantId}/oauth2/v2.0/token`;
  /** A refresh-token grant at `tenantId`'s directory with acme's app credentials unless overridden. */
  const redeem = async (
    tenantId: string,
    refreshToken: string,
    overrides: Record<string, string> = {},
  ): Promise<TokenAnswer> => {
    const { clientId, clientSecret } = fake.tenant(tenantId).teams.credentials;
    const response = await fetch(tokenUrl(tenantId), {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: clientId,
        client_secret: clientSecret,
        refresh_token: refreshToken,
        scope: MESSAGING_SCOPE,
        ...overrides,
      }),
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };
  const get = (path: string, token: unknown) =>
    fetch(`${fake.urls.msgraph}${path}`, { headers: { authorization: `Bearer ${String(token)}` } });

  beforeAll(async () => {
    fake = await startFakeVendors({ seed: SEED });
  });
  afterAll(() => fake?.stop());

  it('redeems the consented refresh token for a delegated token and a new refresh token', async () => {
    // Act
    const answer = await redeem('acme', fake.tenant('acme').teams.messagingRefreshToken);

    // Assess
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      token_type: 'Bearer',
      scope: 'https://graph.microsoft.com/ChannelMessage.Send',
      expires_in: 3599,
      access_token: expect.any(String),
      refresh_token: expect.any(String),
    });
    expect(answer.body.refresh_token).not.toBe(fake.tenant('acme').teams.messagingRefreshToken);
  });

  it('issues a new refresh token on every redemption and keeps the earlier ones working', async () => {
    // Prepare
    const first = fake.tenant('acme').teams.messagingRefreshToken;
    const second = (await redeem('acme', first)).body.refresh_token as string;

    // Act
    const third = await redeem('acme', second);
    const again = await redeem('acme', first);

    // Assess
    expect(third.status).toBe(200);
    expect(again.status).toBe(200);
    expect(new Set([first, second, third.body.refresh_token, again.body.refresh_token]).size).toBe(4);
  });

  it('answers invalid_grant in the AADSTS shape for an unknown refresh token or one of another directory', async () => {
    // Act
    const unknown = await redeem('acme', '1.AXoA-fake-graph-rt-never-issued');
    const foreign = await redeem('acme', fake.tenant('globex').teams.messagingRefreshToken);

    // Assess
    for (const answer of [unknown, foreign]) {
      expect(answer).toMatchObject({
        status: 400,
        body: {
          error: 'invalid_grant',
          error_description: expect.stringMatching(/^AADSTS9002313: /),
          error_codes: [9002313],
        },
      });
    }
  });

  it('refuses scopes beyond the consent, a missing scope and a wrong client secret', async () => {
    // Prepare
    const token = fake.tenant('acme').teams.messagingRefreshToken;

    // Act
    const beyond = await redeem('acme', token, { scope: 'https://graph.microsoft.com/Group.ReadWrite.All' });
    const onlyOffline = await redeem('acme', token, { scope: 'offline_access' });
    const badSecret = await redeem('acme', token, { client_secret: 'not-the-secret' });

    // Assess
    expect(beyond).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [65001] } });
    expect(onlyOffline).toMatchObject({ status: 400, body: { error: 'invalid_scope' } });
    expect(badSecret).toMatchObject({ status: 401, body: { error: 'invalid_client' } });
  });

  it('refuses the refresh grant while an invalid_grant fault is set (consent revoked)', async () => {
    // Prepare
    fake.setFault('msgraph', 'globex', { kind: 'invalid_grant' });

    // Act
    const answer = await redeem('globex', fake.tenant('globex').teams.messagingRefreshToken);
    fake.clearFaults('msgraph', 'globex');

    // Assess
    expect(answer).toMatchObject({ status: 400, body: { error: 'invalid_grant', error_codes: [65001] } });
  });

  it('keeps directory reads to application-only tokens: a delegated token gets 403', async () => {
    // Prepare
    const delegated = await redeem('acme', fake.tenant('acme').teams.messagingRefreshToken);
    const { tenantId, clientId, clientSecret } = fake.tenant('acme').teams.credentials;
    const app = await fetch(`${fake.urls.msgraph}/${tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    });
    const appToken = ((await app.json()) as { access_token: string }).access_token;

    // Act
    const denied = await get('/v1.0/users?$top=5', delegated.body.access_token);
    const listed = await get('/v1.0/users?$top=5', appToken);

    // Assess
    expect(denied.status).toBe(403);
    expect(await denied.json()).toMatchObject({ error: { code: 'Authorization_RequestDenied' } });
    expect(listed.status).toBe(200);
  });
});
