import { describe, expect, it } from 'vitest';
import { AuthExpiredError } from '../../../../../shared/kernel/errors.ts';
import type { Integration } from '../../../../../shared/tenants/tenant-file.ts';
import { reply, useDestinations } from '../../../kernel/http/fake-destination.ts';
import { baseOf, chatDestination, chatSetup, json, recordingPaths } from './fixtures.ts';

const start = useDestinations();
const TEAMS_SECRET = 'tsunagi/test/acme/integrations/teams';
const AZURE_TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const TEAM = '19ab8c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b';
const teams: Integration = {
  system: 'TEAMS',
  credentials_secret_arn_or_name: TEAMS_SECRET,
  settings: { azure_tenant_id: AZURE_TENANT },
};
const destination = chatDestination('TEAMS', `${TEAM}/19:general@thread.tacv2`);
const credentials = {
  [TEAMS_SECRET]: JSON.stringify({
    client_id: 'app-1',
    client_secret: 's3cr3t',
    messaging_refresh_token: 'rt-notifier-1',
  }),
};

const token = (value: string) =>
  json(200, {
    token_type: 'Bearer',
    expires_in: 3599,
    access_token: value,
    refresh_token: `rt-after-${value}`,
  });

describe('Class: TeamsSender', () => {
  it('posts a plain-text channel message with a delegated token redeemed from the refresh token', async () => {
    // Prepare
    const loginPaths: string[] = [];
    const graphPaths: string[] = [];
    const login = await start(recordingPaths(loginPaths, token('graph-token-1')));
    const graph = await start(recordingPaths(graphPaths, json(201, { id: '1616990032035' })));
    const { adapter, context } = chatSetup(
      { graph: baseOf(graph.url), graphLogin: baseOf(login.url) },
      [teams],
      credentials,
    );

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 201 });
    expect(loginPaths).toEqual([`/${AZURE_TENANT}/oauth2/v2.0/token`]);
    expect(Object.fromEntries(new URLSearchParams(login.received[0]?.body))).toEqual({
      grant_type: 'refresh_token',
      client_id: 'app-1',
      client_secret: 's3cr3t',
      refresh_token: 'rt-notifier-1',
      scope: 'https://graph.microsoft.com/ChannelMessage.Send offline_access',
    });
    expect(graphPaths).toEqual([`/v1.0/teams/${TEAM}/channels/19%3Ageneral%40thread.tacv2/messages`]);
    expect(graph.received[0]?.headers.authorization).toBe('Bearer graph-token-1');
    expect(JSON.parse(graph.received[0]?.body ?? '')).toEqual({
      body: { contentType: 'text', content: 'Paid: pi_1 <b>hi</b>' },
    });
  });

  it('reuses a cached token for the next message', async () => {
    // Prepare
    const login = await start(token('graph-token-1'));
    const graph = await start(json(201, {}));
    const { adapter, context } = chatSetup(
      { graph: baseOf(graph.url), graphLogin: baseOf(login.url) },
      [teams],
      credentials,
    );

    // Act
    await adapter.deliver(destination, context);
    await adapter.deliver(destination, context);

    // Assess
    expect(login.received).toHaveLength(1);
    expect(graph.received).toHaveLength(2);
  });

  it('refreshes the token once on a 401, then succeeds', async () => {
    // Prepare
    const login = await start(token('stale'), token('fresh'));
    const graph = await start(reply(401), json(201, {}));
    const { adapter, context, secrets } = chatSetup(
      { graph: baseOf(graph.url), graphLogin: baseOf(login.url) },
      [teams],
      credentials,
    );

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 2, last_status: 201 });
    expect(login.received).toHaveLength(2);
    expect(graph.received.map((request) => request.headers.authorization)).toEqual([
      'Bearer stale',
      'Bearer fresh',
    ]);
    expect(secrets.reads.map((read) => read.forceFetch)).toEqual([false, true]);
    // The second redemption used the refresh token the first one stored.
    expect(new URLSearchParams(login.received[1]?.body).get('refresh_token')).toBe('rt-after-stale');
  });

  it('stops after one refresh when Graph keeps refusing', async () => {
    // Prepare
    const login = await start(token('t'));
    const graph = await start(reply(401));
    const { adapter, context } = chatSetup(
      { graph: baseOf(graph.url), graphLogin: baseOf(login.url) },
      [teams],
      credentials,
    );

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toBeInstanceOf(AuthExpiredError);
    expect(graph.received).toHaveLength(2);
  });

  it('fails permanently when the integration lacks its Azure AD tenant', async () => {
    // Prepare
    const { adapter, context } = chatSetup({}, [{ ...teams, settings: {} }], credentials);

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      name: 'PermanentError',
      reason: { code: 'invalid_request', message: expect.stringContaining('azure_tenant_id') },
    });
  });

  it('fails permanently when the token endpoint answers without a token', async () => {
    // Prepare
    const login = await start(json(200, { error: 'nope' }));
    const { adapter, context } = chatSetup({ graphLogin: baseOf(login.url) }, [teams], credentials);

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      reason: { message: 'TEAMS messaging token for acme: the token endpoint returned no access_token' },
    });
  });
});
