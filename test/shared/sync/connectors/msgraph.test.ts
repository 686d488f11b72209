import { describe, expect, it } from 'vitest';
import {
  AuthRevokedError,
  createTeamsConnector,
  type TeamsGroup,
  VendorResponseError,
} from '../../../../shared/sync/connectors/index.ts';
import type { GraphUser } from '../../../../shared/vendors/msgraph/index.ts';
import { collect, recordingSleep, SEED, scaledRuntime, useFakeVendors } from './support.ts';

const start = useFakeVendors();
const FAST = 1_000;

const setUp = async (timeScale = FAST, extra: Parameters<typeof createTeamsConnector>[0] = {}) => {
  const fake = await start({ seed: SEED, timeScale });
  const connector = createTeamsConnector({
    ...fake.connectorOptions.TEAMS,
    ...scaledRuntime('TEAMS', timeScale),
    ...extra,
  });
  const { tenantKey, credentials } = fake.tenant('acme').teams;
  const grant = await connector.refreshToken(credentials);
  return { fake, connector, credentials, auth: { tenantKey, accessToken: grant.accessToken }, grant };
};

describe('Function: createTeamsConnector', () => {
  it('gets a client-credentials token that Graph accepts and no refresh token', async () => {
    // Prepare / Act
    const { fake, grant } = await setUp();

    // Assess
    expect(grant.rotated).toBeUndefined();
    expect(grant.expiresAt).toBeGreaterThan(Date.now() + 3_500_000);
    expect(fake.requests({ vendor: 'msgraph', method: 'token' }).map((r) => r.status)).toEqual([200]);
  });

  it('follows @odata.nextLink through 250 users in three pages of 100', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    const users = collect<GraphUser>(100);

    // Act
    const result = await connector.listUsers(auth, users.options);

    // Assess
    expect(result).toEqual({ pages: 3, records: 250 });
    expect(users.pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(users.all().map((u) => u.id)).toEqual(fake.data('acme').msgraph.users.map((u) => u.id));
    expect(Object.keys(users.all()[0] ?? {}).sort()).toEqual(
      ['accountEnabled', 'displayName', 'id', 'mail', 'userPrincipalName'].sort(),
    );
    expect(users.all().filter((u) => u.accountEnabled === false)).toHaveLength(7);
  });

  it('lists every team with all its channels, one record per team', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    const groups = collect<TeamsGroup>(3);

    // Act
    const result = await connector.listGroups(auth, groups.options);

    // Assess
    expect(result).toEqual({ pages: 2, records: 4 });
    expect(groups.all().map((g) => [g.team.id, g.channels.length])).toEqual(
      fake.data('acme').msgraph.teams.map((t) => [t.team.id, t.channels.length]),
    );
    expect(fake.requests({ vendor: 'msgraph', method: 'channels' })).toHaveLength(4);
  });

  it('refreshes once on a 401 and finishes the listing', async () => {
    // Prepare
    const { fake, connector, auth, credentials } = await setUp();
    fake.setFault('msgraph', 'acme', { kind: 'expire_tokens' });
    let refreshes = 0;
    const refresh = async () => {
      refreshes += 1;
      return (await connector.refreshToken(credentials)).accessToken;
    };

    // Act
    const result = await connector.listUsers({ ...auth, refresh }, collect<GraphUser>(100).options);

    // Assess
    expect(result.records).toBe(250);
    expect(refreshes).toBe(1);
    expect(fake.requests({ vendor: 'msgraph', method: 'users' }).map((r) => r.status)).toEqual([
      401, 200, 200, 200,
    ]);
  });

  it('honours Retry-After on a throttled channel read', async () => {
    // Prepare
    const { sleep, sleeps } = recordingSleep();
    const { fake, connector, auth } = await setUp(100, { sleep });
    fake.setFault('msgraph', 'acme', {
      kind: 'rate_limit_burst',
      count: 1,
      retryAfterMs: 15_000,
      method: 'channels',
    });

    // Act
    await connector.listGroups(auth, collect<TeamsGroup>().options);

    // Assess
    const [throttled, retried] = fake.requests({ vendor: 'msgraph', method: 'channels' });
    expect(throttled?.status).toBe(429);
    expect(retried?.status).toBe(200);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(150);
    expect(sleeps.some((ms) => ms >= 150)).toBe(true);
    expect(fake.stats().violations).toBe(0);
  });

  it('turns a refused client secret into AuthRevokedError', async () => {
    // Prepare
    const fake = await start({ seed: SEED, timeScale: FAST });
    const connector = createTeamsConnector({
      ...fake.connectorOptions.TEAMS,
      ...scaledRuntime('TEAMS', FAST),
    });
    const credentials = { ...fake.tenant('acme').teams.credentials, clientSecret: 'expired-secret' };

    // Act
    const error = await connector.refreshToken(credentials).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AuthRevokedError);
    expect((error as Error).message).toMatch(
      /^TEAMS: token refused the credentials \(invalid_client\): the client secret/,
    );
    expect(fake.requests({ vendor: 'msgraph', method: 'token' })).toHaveLength(1);
  });

  it('never sends the token to a nextLink on another host', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    const cursor = 'https://attacker.example/v1.0/users?$skiptoken=x';

    // Act
    const error = await connector
      .listUsers(auth, { cursor, onPage: () => undefined })
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(VendorResponseError);
    expect(fake.requests({ vendor: 'msgraph', method: 'users' })).toHaveLength(0);
  });
});
