import { describe, expect, it } from 'vitest';
import type { FakeVendors } from '../../../../infra/local/vendors/index.ts';
import { RetryableError } from '../../../../shared/kernel/index.ts';
import {
  AuthRevokedError,
  createSlackConnector,
  RateLimitWaitRequiredError,
} from '../../../../shared/sync/connectors/index.ts';
import type { SlackChannel, SlackMember } from '../../../../shared/vendors/slack/index.ts';
import { collect, recordingSleep, SEED, scaledRuntime, useFakeVendors } from './support.ts';

const start = useFakeVendors();
const FAST = 1_000;

const setUp = async (timeScale = FAST, extra: Parameters<typeof createSlackConnector>[0] = {}) => {
  const fake = await start({ seed: SEED, timeScale });
  const connector = createSlackConnector({
    ...fake.connectorOptions.SLACK,
    ...scaledRuntime('SLACK', timeScale),
    ...extra,
  });
  const grant = await connector.refreshToken(fake.tenant('acme').slack.credentials);
  const auth = { tenantKey: fake.tenant('acme').slack.tenantKey, accessToken: grant.accessToken };
  return { fake, connector, grant, auth };
};

const usersListCalls = (fake: FakeVendors) => fake.requests({ vendor: 'slack', method: 'users.list' });

describe('Function: createSlackConnector', () => {
  it('lists 250 members in three pages of 100, bots and deleted members included', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    const users = collect<SlackMember>(100);

    // Act
    const result = await connector.listUsers(auth, users.options);

    // Assess
    expect(result).toEqual({ pages: 3, records: 250 });
    expect(users.pages.map((page) => page.length)).toEqual([100, 100, 50]);
    expect(users.all().map((m) => m.id)).toEqual(fake.data('acme').slack.members.map((m) => m.id));
    expect(users.all().filter((m) => m.is_bot)).toHaveLength(5);
    expect(users.all().filter((m) => m.deleted)).toHaveLength(7);
    expect(users.all().find((m) => !m.is_bot)?.profile?.email).toMatch(/@acme\.example\.com$/);
  });

  it('lists public and private channels but not archived ones', async () => {
    // Prepare
    const { connector, auth } = await setUp();
    const channels = collect<SlackChannel>(5);

    // Act
    const result = await connector.listGroups(auth, channels.options);

    // Assess
    expect(result).toEqual({ pages: 2, records: 10 });
    expect(channels.all().some((c) => c.is_archived)).toBe(false);
    expect(channels.all().some((c) => c.is_private)).toBe(true);
  });

  it('returns the rotated refresh token, after which the old one is refused', async () => {
    // Prepare
    const fake = await start({ seed: SEED, timeScale: FAST });
    const connector = createSlackConnector({
      ...fake.connectorOptions.SLACK,
      ...scaledRuntime('SLACK', FAST),
    });
    const before = fake.tenant('acme').slack.credentials;

    // Act
    const grant = await connector.refreshToken(before);
    const replay = connector.refreshToken(before);

    // Assess
    expect(grant.rotated?.refreshToken).toBe(fake.tenant('acme').slack.credentials.refreshToken);
    expect(grant.rotated?.refreshToken).not.toBe(before.refreshToken);
    expect(grant.expiresAt).toBeGreaterThan(Date.now() + 43_000_000);
    await expect(replay).rejects.toBeInstanceOf(AuthRevokedError);
  });

  it('fails with AuthRevokedError and a clear message on invalid_grant, without retrying', async () => {
    // Prepare
    const fake = await start({ seed: SEED, timeScale: FAST });
    const connector = createSlackConnector({
      ...fake.connectorOptions.SLACK,
      ...scaledRuntime('SLACK', FAST),
    });
    fake.setFault('slack', 'acme', { kind: 'invalid_grant' });

    // Act
    const error = await connector
      .refreshToken(fake.tenant('acme').slack.credentials)
      .catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(AuthRevokedError);
    expect((error as AuthRevokedError).message).toBe(
      'SLACK: oauth.v2.access answered invalid_grant: the refresh token was revoked or already rotated; ' +
        'reinstall the Slack app in the workspace',
    );
    expect(fake.requests({ method: 'oauth.v2.access' })).toHaveLength(1);
  });

  it('refreshes once on token_expired and finishes the listing with the new token', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp();
    fake.setFault('slack', 'acme', { kind: 'expire_tokens' });
    let stored = fake.tenant('acme').slack.credentials;
    const refresh = async () => {
      const grant = await connector.refreshToken(stored);
      stored = { ...stored, refreshToken: grant.rotated?.refreshToken ?? stored.refreshToken };
      return grant.accessToken;
    };
    const users = collect<SlackMember>(100);

    // Act
    const result = await connector.listUsers({ ...auth, refresh }, users.options);

    // Assess
    expect(result.records).toBe(250);
    expect(usersListCalls(fake).map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(fake.requests({ method: 'oauth.v2.access' })).toHaveLength(2);
    expect(stored.refreshToken).toBe(fake.tenant('acme').slack.credentials.refreshToken);
  });

  it('sends nothing before a 429 Retry-After has passed', async () => {
    // Prepare
    const { sleep, sleeps } = recordingSleep();
    const { fake, connector, auth } = await setUp(100, { sleep });
    fake.setFault('slack', 'acme', { kind: 'rate_limit_burst', count: 2, retryAfterMs: 20_000 });

    // Act
    const result = await connector.listUsers(auth, collect<SlackMember>(100).options);

    // Assess
    const calls = usersListCalls(fake);
    expect(result.records).toBe(250);
    expect(calls.map((r) => r.status)).toEqual([429, 429, 200, 200, 200]);
    expect(calls[1]!.at - calls[0]!.at).toBeGreaterThanOrEqual(200);
    expect(calls[2]!.at - calls[1]!.at).toBeGreaterThanOrEqual(200);
    expect(sleeps.filter((ms) => ms >= 200)).toHaveLength(2);
    expect(fake.stats().violations).toBe(0);
  });

  it('hands a long wait to the caller with the cursor to resume from, and resumes there', async () => {
    // Prepare
    const { fake, connector, auth } = await setUp(FAST, { maxInLambdaWaitMs: 50 });
    const seen: string[] = [];
    const onPage = (records: readonly SlackMember[]) => {
      seen.push(...records.map((m) => m.id));
      if (seen.length === 100)
        fake.setFault('slack', 'acme', { kind: 'rate_limit_burst', count: 1, retryAfterMs: 100_000 });
    };

    // Act
    const error = await connector.listUsers(auth, { pageSize: 100, onPage }).catch((e: unknown) => e);
    const wait = error as RateLimitWaitRequiredError;
    await new Promise((resolve) => setTimeout(resolve, wait.waitMs));
    const resumed = await connector.listUsers(auth, { pageSize: 100, onPage, cursor: wait.resumeCursor });

    // Assess
    expect(error).toBeInstanceOf(RateLimitWaitRequiredError);
    expect(error).toBeInstanceOf(RetryableError);
    expect(wait.waitMs).toBeGreaterThanOrEqual(100);
    expect(wait.resumeCursor).not.toBeNull();
    expect(resumed).toEqual({ pages: 2, records: 150 });
    expect(seen).toEqual(fake.data('acme').slack.members.map((m) => m.id));
    expect(fake.stats().violations).toBe(0);
  });

  it('paces users.list at its configured Tier 2 rate without a single violation', async () => {
    // Prepare: 20 calls a minute, time-scaled ×120 → 20 per 500 ms; 25 pages must take about 25/18 of that.
    const { fake, connector, auth } = await setUp(120);
    const started = performance.now();

    // Act
    const result = await connector.listUsers(auth, collect<SlackMember>(10).options);

    // Assess
    const elapsed = performance.now() - started;
    const intervalMs = 500 / (20 * 0.9);
    expect(result.pages).toBe(25);
    expect(fake.stats().violations).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(24 * intervalMs - 5);
    expect(elapsed).toBeLessThan(24 * intervalMs * 1.5);
  });
});
