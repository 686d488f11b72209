import { describe, expect, it } from 'vitest';
import { RetryableError } from '../../../../shared/kernel/index.ts';
import { AuthRevokedError, createLineWorksConnector } from '../../../../shared/sync/connectors/index.ts';
import type { LineWorksGroup, LineWorksUser } from '../../../../shared/vendors/lineworks/index.ts';
import { collect, recordingSleep, SEED, scaledRuntime, useFakeVendors } from './support.ts';

const start = useFakeVendors();
const FAST = 1_000;

const setUp = async (timeScale = FAST, extra: Parameters<typeof createLineWorksConnector>[0] = {}) => {
  const fake = await start({ seed: SEED, timeScale });
  const runtime = scaledRuntime('LINE_WORKS', timeScale);
  const connector = createLineWorksConnector({ ...fake.connectorOptions.LINE_WORKS, ...runtime, ...extra });
  const { tenantKey, credentials } = fake.tenant('acme').lineWorks;
  const grant = await connector.refreshToken(credentials);
  return { fake, connector, grant, credentials, auth: { tenantKey, accessToken: grant.accessToken } };
};

describe('Function: createLineWorksConnector', () => {
  it('gets a token with the service-account JWT and returns the refresh token to store', async () => {
    // Prepare / Act
    const { fake, grant, credentials } = await setUp();

    // Assess
    expect(credentials.refreshToken).toBeUndefined();
    expect(grant.rotated?.refreshToken).toBe(fake.tenant('acme').lineWorks.credentials.refreshToken);
    expect(grant.expiresAt).toBeGreaterThan(Date.now() + 86_000_000);
  });

  it('refreshes with the stored refresh token, and falls back to the JWT when it is refused', async () => {
    // Prepare
    const { fake, connector, grant, credentials } = await setUp();
    const stored = { ...credentials, refreshToken: grant.rotated?.refreshToken };

    // Act
    const refreshed = await connector.refreshToken(stored);
    const fallback = await connector.refreshToken({ ...credentials, refreshToken: 'kr1-expired-long-ago' });

    // Assess
    expect(refreshed.rotated?.refreshToken).toBeDefined();
    expect(refreshed.rotated?.refreshToken).not.toBe(stored.refreshToken);
    expect(fallback.rotated?.refreshToken).toBe(fake.tenant('acme').lineWorks.credentials.refreshToken);
    expect(fake.requests({ vendor: 'lineworks', method: 'token' }).map((r) => r.status)).toEqual([
      200, 200, 400, 200,
    ]);
  });

  it('fails with AuthRevokedError when the domain refuses the grant', async () => {
    // Prepare
    const fake = await start({ seed: SEED, timeScale: FAST });
    const connector = createLineWorksConnector({
      ...fake.connectorOptions.LINE_WORKS,
      ...scaledRuntime('LINE_WORKS', FAST),
    });
    fake.setFault('lineworks', 'acme', { kind: 'invalid_grant' });

    // Act
    const error = await connector
      .refreshToken(fake.tenant('acme').lineWorks.credentials)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AuthRevokedError);
    expect((error as Error).message).toMatch(/^LINE_WORKS: token refused the credentials \(invalid_grant\)/);
  });

  it('follows nextCursor through 250 users in three pages of 100', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    const users = collect<LineWorksUser>(100);

    // Act
    const result = await connector.listUsers(auth, users.options);

    // Assess
    expect(result).toEqual({ pages: 3, records: 250 });
    expect(users.all().map((u) => u.userId)).toEqual(fake.data('acme').lineworks.users.map((u) => u.userId));
    expect(users.all().filter((u) => u.isDeleted)).toHaveLength(4);
    expect(users.all().filter((u) => u.isSuspended)).toHaveLength(3);
  });

  it('caps count at 100, the most LINE WORKS accepts', async () => {
    // Prepare
    const { connector, auth } = await setUp();
    const groups = collect<LineWorksGroup>(500);

    // Act
    const result = await connector.listGroups(auth, groups.options);

    // Assess
    expect(result).toEqual({ pages: 1, records: 12 });
  });

  it('waits out rateLimit-reset, which LINE WORKS sends instead of Retry-After', async () => {
    // Prepare
    const { sleep, sleeps } = recordingSleep();
    const { fake, connector, auth } = await setUp(100, { sleep });
    fake.setFault('lineworks', 'acme', { kind: 'rate_limit_burst', count: 1, retryAfterMs: 25_000 });

    // Act
    const result = await connector.listUsers(auth, collect<LineWorksUser>(100).options);

    // Assess
    const [throttled, retried] = fake.requests({ vendor: 'lineworks', method: 'users' });
    expect(result.records).toBe(250);
    expect(throttled?.status).toBe(429);
    expect(retried!.at - throttled!.at).toBeGreaterThanOrEqual(250);
    expect(sleeps.some((ms) => ms >= 250)).toBe(true);
    expect(fake.stats().violations).toBe(0);
  });

  it('refreshes once on a 401 and finishes the listing', async () => {
    // Prepare
    const { fake, connector, auth, grant, credentials } = await setUp();
    fake.setFault('lineworks', 'acme', { kind: 'expire_tokens' });
    const refresh = async () =>
      (await connector.refreshToken({ ...credentials, refreshToken: grant.rotated?.refreshToken }))
        .accessToken;

    // Act
    const result = await connector.listUsers({ ...auth, refresh }, collect<LineWorksUser>(100).options);

    // Assess
    expect(result.records).toBe(250);
    expect(fake.requests({ vendor: 'lineworks', method: 'users' }).map((r) => r.status)).toEqual([
      401, 200, 200, 200,
    ]);
  });

  it('retries 500s three times, then gives up with a retryable error', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    fake.setFault('lineworks', 'acme', { kind: 'server_error', count: 3 });
    const recovered = await connector.listGroups(auth, collect<LineWorksGroup>().options);
    fake.setFault('lineworks', 'acme', { kind: 'server_error', count: 4 });

    // Act
    const error = await connector
      .listGroups(auth, collect<LineWorksGroup>().options)
      .catch((e: unknown) => e);

    // Assess
    expect(recovered.records).toBe(12);
    expect(error).toBeInstanceOf(RetryableError);
    expect((error as RetryableError).reason).toMatchObject({
      code: 'server_error',
      attempts: 4,
      last_status: 500,
    });
    expect((error as Error).message).toBe('LINE_WORKS groups: destination answered HTTP 500');
  });

  it('times a slow page out and gets it on the retry', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp(1, { timeoutMs: 100 });
    fake.setFault('lineworks', 'acme', { kind: 'slow_pages', delayMs: 250, count: 1 });

    // Act
    const result = await connector.listGroups(auth, collect<LineWorksGroup>().options);
    // The fake books a request when it answers; let the abandoned slow one finish answering.
    await new Promise((resolve) => setTimeout(resolve, 250));

    // Assess
    expect(result.records).toBe(12);
    expect(fake.requests({ vendor: 'lineworks', method: 'groups' })).toHaveLength(2);
  });
});
