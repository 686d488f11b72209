import { describe, expect, it } from 'vitest';
import { withRotatedRefreshToken } from '../../../../../shared/delivery/destinations/chat/msgraph-tokens.ts';
import { AuthExpiredError } from '../../../../../shared/kernel/errors.ts';
import type { Integration } from '../../../../../shared/tenants/tenant-file.ts';
import { useDestinations } from '../../../kernel/http/fake-destination.ts';
import { baseOf, chatDestination, chatSetup, json } from './fixtures.ts';

const start = useDestinations();
const TEAMS_SECRET = 'tsunagi/test/acme/integrations/teams';
const AZURE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const teams: Integration = {
  system: 'TEAMS',
  credentials_secret_arn_or_name: TEAMS_SECRET,
  settings: { azure_tenant_id: AZURE_TENANT },
};
const destination = chatDestination('TEAMS', '19ab8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b/19:general@thread.tacv2');
const stored = {
  tenant_id: AZURE_TENANT,
  client_id: 'app-1',
  client_secret: 's3cr3t',
  messaging_refresh_token: 'rt-1',
};
const credentials = (fields: Record<string, string> = stored) => ({ [TEAMS_SECRET]: JSON.stringify(fields) });
const granted = (refreshToken?: string) =>
  json(200, {
    token_type: 'Bearer',
    scope: 'https://graph.microsoft.com/ChannelMessage.Send',
    expires_in: 3599,
    access_token: 'delegated-1',
    ...(refreshToken === undefined ? {} : { refresh_token: refreshToken }),
  });
const aadError = (status: number, error: string, code: number) =>
  json(status, { error, error_description: `AADSTS${code}: refused.`, error_codes: [code] });

/** The Teams destination on a fake Graph (201) and a fake token endpoint answering `login`. */
const teamsSetup = async (login: ReturnType<typeof json>, secretValues = credentials()) => {
  const loginServer = await start(login);
  const graph = await start(json(201, { id: '1616990032035' }));
  const setup = chatSetup(
    { graph: baseOf(graph.url), graphLogin: baseOf(loginServer.url) },
    [teams],
    secretValues,
  );
  return { ...setup, login: loginServer, graph };
};

describe('Class: GraphTokenProvider', () => {
  it('stores the refresh token Microsoft returns, keeping every other field of the secret', async () => {
    // Prepare
    const { adapter, context, secrets, observer } = await teamsSetup(granted('rt-2'));

    // Act
    await adapter.deliver(destination, context);

    // Assess
    expect(secrets.writes.map((write) => write.name)).toEqual([TEAMS_SECRET]);
    expect(JSON.parse(secrets.values.get(TEAMS_SECRET) ?? '')).toEqual({
      ...stored,
      messaging_refresh_token: 'rt-2',
    });
    expect(observer.notStored).toEqual([]);
  });

  it('writes nothing when the token endpoint returns no new refresh token', async () => {
    // Prepare
    const { adapter, context, secrets } = await teamsSetup(granted());

    // Act
    await adapter.deliver(destination, context);

    // Assess
    expect(secrets.writes).toEqual([]);
  });

  it('delivers when the rotated token cannot be stored, and reports it without secret values', async () => {
    // Prepare
    const { adapter, context, secrets, observer, graph } = await teamsSetup(granted('rt-2'));
    secrets.failingWrites = true;

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 201 });
    expect(graph.received[0]?.headers.authorization).toBe('Bearer delegated-1');
    expect(observer.notStored).toEqual([
      {
        tenantId: 'acme',
        system: 'TEAMS',
        secret: TEAMS_SECRET,
        reason: 'Error: AccessDeniedException: not authorized to PutSecretValue',
      },
    ]);
    expect(JSON.stringify(observer.notStored)).not.toMatch(/rt-1|rt-2|s3cr3t|delegated-1/);
    expect(JSON.parse(secrets.values.get(TEAMS_SECRET) ?? '')).toEqual(stored);
  });

  it('fails permanently at once, without a token request, when the secret has no messaging refresh token', async () => {
    // Prepare
    const { messaging_refresh_token: _, ...appOnly } = stored;
    const { adapter, context, login, graph } = await teamsSetup(granted('rt-2'), credentials(appOnly));

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      name: 'PermanentError',
      reason: {
        code: 'teams_messaging_not_connected',
        attempts: 0,
        message: expect.stringMatching(/no messaging_refresh_token: .*delegated ChannelMessage\.Send/),
      },
    });
    expect(login.received).toEqual([]);
    expect(graph.received).toEqual([]);
  });

  it('fails permanently and reports the refusal when Microsoft answers invalid_grant', async () => {
    // Prepare
    const { adapter, context, observer, graph } = await teamsSetup(aadError(400, 'invalid_grant', 70000));

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(AuthExpiredError);
    await expect(failure).rejects.toMatchObject({
      name: 'GrantRefusedError',
      reason: {
        code: 'auth_expired',
        last_status: 400,
        message: expect.stringMatching(/refused the grant \(invalid_grant\): the tenant revoked the consent/),
      },
    });
    expect(observer.refused).toEqual([{ tenantId: 'acme', system: 'TEAMS', secret: TEAMS_SECRET }]);
    expect(graph.received).toEqual([]);
  });

  it('fails permanently with the OAuth error code for a refused client, without counting a revoked grant', async () => {
    // Prepare
    const { adapter, context, observer, login } = await teamsSetup(aadError(401, 'invalid_client', 7000215));

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      reason: {
        code: 'auth_expired',
        message: 'TEAMS messaging token for acme: the token endpoint answered HTTP 401 invalid_client',
      },
    });
    expect(login.received).toHaveLength(1);
    expect(observer.refused).toEqual([]);
  });
});

describe('Function: withRotatedRefreshToken', () => {
  it('replaces the refresh token it redeemed, keeping the other fields', () => {
    // Act
    const next = withRotatedRefreshToken(JSON.stringify(stored), 'rt-1', 'rt-2');

    // Assess
    expect(JSON.parse(next ?? '')).toEqual({ ...stored, messaging_refresh_token: 'rt-2' });
  });

  it('leaves a secret that holds another refresh token by now (stored elsewhere, or reconnected)', () => {
    // Act & Assess
    expect(
      withRotatedRefreshToken(JSON.stringify({ ...stored, messaging_refresh_token: 'rt-9' }), 'rt-1', 'rt-2'),
    ).toBeNull();
    expect(withRotatedRefreshToken('not json', 'rt-1', 'rt-2')).toBeNull();
  });
});
