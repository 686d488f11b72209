import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type FakeVendors,
  type FakeVendorsOptions,
  generateTenant,
  generateTenantSeeds,
  startFakeVendors,
} from '../../../../infra/local/vendors/index.ts';
import { DEFAULT_RATE_LIMITS } from '../../../../shared/sync/connectors/index.ts';
import { serviceAccountAssertion } from '../../../../shared/vendors/lineworks/index.ts';

const started: FakeVendors[] = [];
afterAll(async () => {
  await Promise.all(started.map((fake) => fake.stop()));
});
const start = async (options: FakeVendorsOptions = {}) => {
  const fake = await startFakeVendors({ seed: { tenants: [{ id: 'acme', users: 12 }] }, ...options });
  started.push(fake);
  return fake;
};

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields) });

/** Raw token calls, so these tests do not depend on the connectors they serve. */
const slackToken = async (fake: FakeVendors): Promise<string> => {
  const { clientId, clientSecret, refreshToken } = fake.tenant('acme').slack.credentials;
  const answer = await form(`${fake.urls.slack}/api/oauth.v2.access`, {
    client_id: clientId,
    client_secret: clientSecret,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  });
  return ((await answer.json()) as { access_token: string }).access_token;
};

const graphToken = async (fake: FakeVendors): Promise<string> => {
  const { tenantId, clientId, clientSecret } = fake.tenant('acme').teams.credentials;
  const answer = await form(`${fake.urls.msgraph}/${tenantId}/oauth2/v2.0/token`, {
    client_id: clientId,
    client_secret: clientSecret,
    scope: 'https://graph.microsoft.com/.default',
    grant_type: 'client_credentials',
  });
  return ((await answer.json()) as { access_token: string }).access_token;
};

const lineWorksToken = async (fake: FakeVendors, privateKey?: string) => {
  const credentials = fake.tenant('acme').lineWorks.credentials;
  const assertion = serviceAccountAssertion({
    ...credentials,
    privateKey: privateKey ?? credentials.privateKey,
    now: Date.now(),
  });
  return form(`${fake.urls.lineworks}/oauth2/v2.0/token`, {
    assertion,
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope: credentials.scope,
  });
};

const get = (url: string, token: string) => fetch(url, { headers: { authorization: `Bearer ${token}` } });

describe('Function: generateTenant', () => {
  it('generates the same people at every vendor, with bots, leavers and archived channels, reproducibly', () => {
    // Act
    const tenant = generateTenant({
      id: 'acme',
      users: 40,
      bots: 3,
      deleted: 2,
      suspended: 1,
      channels: 5,
      archivedChannels: 2,
    });

    // Assess
    expect(
      generateTenant({
        id: 'acme',
        users: 40,
        bots: 3,
        deleted: 2,
        suspended: 1,
        channels: 5,
        archivedChannels: 2,
      }),
    ).toEqual(tenant);
    expect(tenant.slack.members.filter((m) => m.is_bot)).toHaveLength(3);
    expect(tenant.slack.members.filter((m) => m.deleted)).toHaveLength(3);
    expect(tenant.slack.channels.filter((c) => c.is_archived)).toHaveLength(2);
    expect(tenant.msgraph.users.filter((u) => u.mail === null)).toHaveLength(3);
    expect(tenant.lineworks.users.filter((u) => u.isDeleted || u.isSuspended)).toHaveLength(3);
    expect(new Set(tenant.lineworks.users.map((u) => u.email)).size).toBe(40);
    expect(generateTenantSeeds(2, { users: 200 })).toEqual([
      { id: 'tenant-0001', users: 200 },
      { id: 'tenant-0002', users: 200 },
    ]);
  });
});

describe('Function: startFakeVendors', () => {
  it('enforces a per-method quota, answers 429 with Retry-After, and counts each violation', async () => {
    // Prepare: 3 users.list calls per second, time-scaled ×10 → 3 per 100 ms.
    const limits = {
      ...DEFAULT_RATE_LIMITS,
      SLACK: { ...DEFAULT_RATE_LIMITS.SLACK, 'users.list': { limit: 3, windowMs: 1_000 } },
    };
    const fake = await start({ timeScale: 10, rateLimits: limits });
    const token = await slackToken(fake);

    // Act
    const answers = [];
    for (let i = 0; i < 5; i++) answers.push(await get(`${fake.urls.slack}/api/users.list?limit=5`, token));
    await new Promise((resolve) => setTimeout(resolve, 110));
    const after = await get(`${fake.urls.slack}/api/users.list?limit=5`, token);

    // Assess
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 429, 429]);
    expect(Number(answers[3]?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(answers[3]?.headers.get('retry-after'))).toBeLessThanOrEqual(0.1);
    expect(await answers[4]?.json()).toEqual({ ok: false, error: 'ratelimited' });
    expect(after.status).toBe(200);
    expect(fake.stats()).toMatchObject({ violations: 2 });
    expect(fake.stats().byKey['slack:acme:users.list']).toEqual({ requests: 6, violations: 2 });
  });

  it('throttles Graph with Retry-After and TooManyRequests, LINE WORKS with rateLimit-reset only', async () => {
    // Prepare
    const fake = await start();
    fake.setFault('msgraph', 'acme', { kind: 'rate_limit_burst', count: 1, retryAfterMs: 3_000 });
    fake.setFault('lineworks', 'acme', { kind: 'rate_limit_burst', count: 1, retryAfterMs: 2_000 });
    const lineWorks = (await (await lineWorksToken(fake)).json()) as { access_token: string };

    // Act
    const graph = await get(`${fake.urls.msgraph}/v1.0/users`, await graphToken(fake));
    const works = await get(`${fake.urls.lineworks}/v1.0/users`, lineWorks.access_token);

    // Assess
    expect(graph.status).toBe(429);
    expect(graph.headers.get('retry-after')).toBe('3');
    expect(((await graph.json()) as { error: { code: string } }).error.code).toBe('TooManyRequests');
    expect(works.status).toBe(429);
    expect(works.headers.get('retry-after')).toBeNull();
    expect(works.headers.get('ratelimit-reset')).toBe('2');
    expect(works.headers.get('ratelimit-remaining')).toBe('0');
    expect(await works.json()).toEqual({ code: 'TOO_MANY_REQUESTS', description: 'Too many requests' });
    expect(fake.stats().violations).toBe(0);
  });

  it('injects 500s, slow pages and expired tokens per tenant, and clears them', async () => {
    // Prepare
    const fake = await start({ timeScale: 10 });
    const token = await slackToken(fake);
    fake.setFault('slack', 'acme', { kind: 'server_error', count: 1 });
    fake.setFault('slack', 'acme', { kind: 'slow_pages', delayMs: 1_000, count: 1 });

    // Act
    const failed = await get(`${fake.urls.slack}/api/users.list`, token);
    const before = performance.now();
    const slow = await get(`${fake.urls.slack}/api/users.list`, token);
    const slowMs = performance.now() - before;
    fake.setFault('slack', 'acme', { kind: 'expire_tokens' });
    const expired = await (await get(`${fake.urls.slack}/api/users.list`, token)).json();

    // Assess
    expect(failed.status).toBe(500);
    expect(slow.status).toBe(200);
    expect(slowMs).toBeGreaterThanOrEqual(99);
    expect(expired).toEqual({ ok: false, error: 'token_expired' });
  });

  it('rotates Slack refresh tokens and refuses the old one with invalid_grant', async () => {
    // Prepare
    const fake = await start();
    const old = fake.tenant('acme').slack.credentials;

    // Act
    await slackToken(fake);
    const replay = await form(`${fake.urls.slack}/api/oauth.v2.access`, {
      client_id: old.clientId,
      client_secret: old.clientSecret,
      grant_type: 'refresh_token',
      refresh_token: old.refreshToken,
    });

    // Assess
    expect(fake.tenant('acme').slack.credentials.refreshToken).not.toBe(old.refreshToken);
    expect(await replay.json()).toEqual({ ok: false, error: 'invalid_grant' });
  });

  it('accepts a service-account JWT only when it verifies with the domain key', async () => {
    // Prepare
    const fake = await start();
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    });

    // Act
    const good = await lineWorksToken(fake);
    const forged = await lineWorksToken(fake, stranger.toString());

    // Assess
    expect(good.status).toBe(200);
    expect(await good.json()).toMatchObject({
      token_type: 'Bearer',
      expires_in: '86400',
      scope: 'user.read group.read',
    });
    expect(forged.status).toBe(400);
    expect(await forged.json()).toEqual({
      error: 'invalid_grant',
      error_description: 'invalid assertion: signature does not verify',
    });
  });

  it('refuses unknown tokens and out-of-range page sizes the way each vendor does', async () => {
    // Prepare
    const fake = await start();
    const works = (await (await lineWorksToken(fake)).json()) as { access_token: string };

    // Act
    const slack = await (await get(`${fake.urls.slack}/api/users.list`, 'xoxb-nope')).json();
    const graph = await get(`${fake.urls.msgraph}/v1.0/users`, 'nope');
    const count = await get(`${fake.urls.lineworks}/v1.0/users?count=101`, works.access_token);

    // Assess
    expect(slack).toEqual({ ok: false, error: 'invalid_auth' });
    expect(graph.status).toBe(401);
    expect(count.status).toBe(400);
    expect(await count.json()).toEqual({
      code: 'INVALID_PARAMETER',
      description: 'count must be between 1 and 100',
    });
    expect(fake.requests({ vendor: 'msgraph', method: 'users' })).toMatchObject([
      { tenant: null, status: 401 },
    ]);
  });
});
