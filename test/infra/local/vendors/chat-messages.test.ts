import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeVendors, startFakeVendors } from '../../../../infra/local/vendors/index.ts';
import { serviceAccountAssertion } from '../../../../shared/vendors/lineworks/index.ts';

/** The chat messages the delivery worker posts, at the fake Graph and LINE WORKS. */

const SEED = { tenants: [{ id: 'acme' }, { id: 'globex' }] };

const form = (url: string, fields: Record<string, string>) =>
  fetch(url, { method: 'POST', body: new URLSearchParams(fields) });

/** A delegated token of the tenant's notifying account, as the Teams chat destination redeems it. */
const graphToken = async (fake: FakeVendors, tenantId: string): Promise<string> => {
  const { credentials, messagingRefreshToken } = fake.tenant(tenantId).teams;
  const answer = await form(`${fake.urls.msgraph}/${credentials.tenantId}/oauth2/v2.0/token`, {
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    refresh_token: messagingRefreshToken,
    scope: 'https://graph.microsoft.com/ChannelMessage.Send offline_access',
    grant_type: 'refresh_token',
  });
  return ((await answer.json()) as { access_token: string }).access_token;
};

/** An application-only token, as the daily sync gets it. */
const appOnlyToken = async (fake: FakeVendors, tenantId: string): Promise<string> => {
  const { tenantId: directory, clientId, clientSecret } = fake.tenant(tenantId).teams.credentials;
  const answer = await form(`${fake.urls.msgraph}/${directory}/oauth2/v2.0/token`, {
    client_id: clientId,
    client_secret: clientSecret,
    scope: 'https://graph.microsoft.com/.default',
    grant_type: 'client_credentials',
  });
  return ((await answer.json()) as { access_token: string }).access_token;
};

const lineWorksToken = async (fake: FakeVendors, tenantId: string, scope: string): Promise<string> => {
  const credentials = fake.tenant(tenantId).lineWorks.credentials;
  const answer = await form(`${fake.urls.lineworks}/oauth2/v2.0/token`, {
    assertion: serviceAccountAssertion({ ...credentials, now: Date.now() }),
    grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
    client_id: credentials.clientId,
    client_secret: credentials.clientSecret,
    scope,
  });
  return ((await answer.json()) as { access_token: string }).access_token;
};

const postJson = (url: string, token: string | null, body: unknown) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'idempotency-key': 'evt_1:route_1',
      ...(token === null ? {} : { authorization: `Bearer ${token}` }),
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

const readJson = async (response: Response) => ({ status: response.status, body: await response.json() });

describe('Class: FakeGraphChannelMessages', () => {
  let fake: FakeVendors;
  let token: string;
  const channelUrl = (teamId: string, channelId: string) =>
    `${fake.urls.msgraph}/v1.0/teams/${encodeURIComponent(teamId)}/channels/${encodeURIComponent(channelId)}/messages`;
  const acmeChannel = () => {
    const { team, channels } = fake.data('acme').msgraph.teams[1]!;
    return { teamId: String(team.id), open: channels[1]!, archived: channels.find((c) => c.isArchived)! };
  };

  beforeAll(async () => {
    fake = await startFakeVendors({ seed: SEED });
    token = await graphToken(fake, 'acme');
  });
  afterAll(() => fake?.stop());

  it("creates a channel message for a delegated token of the team's tenant and lists it", async () => {
    // Prepare
    const { teamId, open } = acmeChannel();
    const body = { body: { contentType: 'text', content: 'New order: Tea set' } };

    // Act
    const answer = await readJson(await postJson(channelUrl(teamId, String(open.id)), token, body));

    // Assess
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      messageType: 'message',
      from: { application: null, user: { displayName: 'tsunagi-notifier', userIdentityType: 'aadUser' } },
      body: { contentType: 'text', content: 'New order: Tea set' },
      channelIdentity: { teamId, channelId: open.id },
    });
    const expected = {
      tenant_id: 'acme',
      team_id: teamId,
      channel_id: open.id,
      channel_name: open.displayName,
      content: 'New order: Tea set',
      idempotency_key: 'evt_1:route_1',
    };
    expect(fake.postedMessages().teams.at(-1)).toMatchObject(expected);
    const listed = (await (await fetch(`${fake.urls.msgraph}/messages`)).json()) as { messages: unknown[] };
    expect(listed.messages.at(-1)).toMatchObject(expected);
  });

  it('rejects a missing or unknown token with 401 InvalidAuthenticationToken and records nothing', async () => {
    const { teamId, open } = acmeChannel();
    const before = fake.postedMessages().teams.length;
    const body = { body: { content: 'x' } };

    for (const presented of [null, 'eyJ0eXAiOiJKV1QifQ.fake-graph-not-issued']) {
      const answer = await readJson(await postJson(channelUrl(teamId, String(open.id)), presented, body));
      expect(answer).toMatchObject({ status: 401, body: { error: { code: 'InvalidAuthenticationToken' } } });
    }
    expect(fake.postedMessages().teams).toHaveLength(before);
  });

  it("answers 404 for a team of another tenant than the token's", async () => {
    const { teamId, open } = acmeChannel();
    const globexToken = await graphToken(fake, 'globex');

    const answer = await readJson(
      await postJson(channelUrl(teamId, String(open.id)), globexToken, { body: { content: 'x' } }),
    );

    expect(answer).toMatchObject({ status: 404, body: { error: { code: 'NotFound' } } });
  });

  it('refuses an archived channel, an unknown channel and a body without content', async () => {
    const { teamId, open, archived } = acmeChannel();
    const post = async (channelId: string, body: unknown) =>
      readJson(await postJson(channelUrl(teamId, channelId), token, body));

    expect(await post(String(archived.id), { body: { content: 'x' } })).toMatchObject({ status: 403 });
    expect(await post('19:nothing@thread.tacv2', { body: { content: 'x' } })).toMatchObject({ status: 404 });
    expect(await post(String(open.id), { body: { content: '  ' } })).toMatchObject({ status: 400 });
    expect(await post(String(open.id), 'not json')).toMatchObject({ status: 400 });
    expect(await post(String(open.id), { body: { contentType: 'markdown', content: 'x' } })).toMatchObject({
      status: 400,
    });
  });

  it("answers Graph's refusal of channel messages posted with an application-only token", async () => {
    // Prepare
    const { teamId, open } = acmeChannel();
    const before = fake.postedMessages().teams.length;

    // Act
    const answer = await readJson(
      await postJson(channelUrl(teamId, String(open.id)), await appOnlyToken(fake, 'acme'), {
        body: { content: 'x' },
      }),
    );

    // Assess
    expect(answer).toMatchObject({ status: 401, body: { error: { code: 'Unauthorized' } } });
    expect(JSON.stringify(answer.body)).toMatch(/only for import purposes/);
    expect(fake.postedMessages().teams).toHaveLength(before);
  });
});

describe('Class: FakeLineWorksBotMessages', () => {
  let fake: FakeVendors;
  let token: string;
  const botUrl = (botId: number | string, kind: 'channels' | 'users', id: string) =>
    `${fake.urls.lineworks}/v1.0/bots/${botId}/${kind}/${encodeURIComponent(id)}/messages`;
  const text = (value: string) => ({ content: { type: 'text', text: value } });

  beforeAll(async () => {
    fake = await startFakeVendors({ seed: SEED });
    token = await lineWorksToken(fake, 'acme', 'bot');
  });
  afterAll(() => fake?.stop());

  it('creates a bot message in a channel the bot joined, answering 201 with no body, and lists it', async () => {
    // Prepare
    const { botId, channelIds } = fake.data('acme').lineworks.bot;

    // Act
    const response = await postJson(
      botUrl(botId, 'channels', channelIds[3]!),
      token,
      text('LINE customer says: hi'),
    );

    // Assess
    expect(response.status).toBe(201);
    expect(await response.text()).toBe('');
    const expected = {
      tenant_id: 'acme',
      bot_id: botId,
      channel_id: channelIds[3],
      user_id: null,
      text: 'LINE customer says: hi',
      idempotency_key: 'evt_1:route_1',
    };
    expect(fake.postedMessages().lineWorks.at(-1)).toMatchObject(expected);
    const listed = (await (await fetch(`${fake.urls.lineworks}/messages`)).json()) as { messages: unknown[] };
    expect(listed.messages.at(-1)).toMatchObject(expected);
  });

  it('sends to an active member of the domain and refuses a deleted one', async () => {
    const { bot, users } = fake.data('acme').lineworks;
    const active = users.find((u) => !u.isDeleted && !u.isSuspended)!;
    const deleted = users.find((u) => u.isDeleted)!;

    const sent = await postJson(botUrl(bot.botId, 'users', String(active.userId)), token, text('hello'));
    const refused = await readJson(
      await postJson(botUrl(bot.botId, 'users', String(deleted.userId)), token, text('x')),
    );

    expect(sent.status).toBe(201);
    expect(fake.postedMessages().lineWorks.at(-1)).toMatchObject({
      user_id: active.userId,
      channel_id: null,
    });
    expect(refused).toMatchObject({ status: 404, body: { code: 'NOT_FOUND' } });
  });

  it('rejects tokens it did not issue (401) and tokens without the bot scope (403), recording nothing', async () => {
    const { botId, channelIds } = fake.data('acme').lineworks.bot;
    const url = botUrl(botId, 'channels', channelIds[0]!);
    const before = fake.postedMessages().lineWorks.length;
    const readOnly = await lineWorksToken(fake, 'acme', 'user.read group.read');

    expect(await readJson(await postJson(url, null, text('x')))).toMatchObject({
      status: 401,
      body: { code: 'UNAUTHORIZED' },
    });
    expect(await readJson(await postJson(url, 'kr1AAABfakeaccess-forged', text('x')))).toMatchObject({
      status: 401,
    });
    expect(await readJson(await postJson(url, readOnly, text('x')))).toMatchObject({
      status: 403,
      body: { code: 'FORBIDDEN' },
    });
    expect(fake.postedMessages().lineWorks).toHaveLength(before);
  });

  it("refuses another domain's bot, a channel the bot is not in and invalid content", async () => {
    const acme = fake.data('acme').lineworks.bot;
    const globex = fake.data('globex').lineworks.bot;
    const post = async (url: string, body: unknown) => readJson(await postJson(url, token, body));
    const channel = botUrl(acme.botId, 'channels', acme.channelIds[0]!);

    expect(await post(botUrl(globex.botId, 'channels', globex.channelIds[0]!), text('x'))).toMatchObject({
      status: 404,
    });
    expect(await post(botUrl(acme.botId, 'channels', globex.channelIds[0]!), text('x'))).toMatchObject({
      status: 404,
    });
    expect(await post(channel, text('x'.repeat(2_001)))).toMatchObject({
      status: 400,
      body: { code: 'INVALID_PARAMETER' },
    });
    expect(await post(channel, text(''))).toMatchObject({ status: 400 });
    expect(await post(channel, { content: { type: 'image', previewImageUrl: 'https://x' } })).toMatchObject({
      status: 400,
    });
    expect(await post(channel, 'not json')).toMatchObject({ status: 400 });
  });
});
