import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Integration } from '../../../../../shared/tenants/tenant-file.ts';
import { reply, useDestinations } from '../../../kernel/http/fake-destination.ts';
import { baseOf, chatDestination, chatSetup, json, recordingPaths } from './fixtures.ts';

const start = useDestinations();
const LW_SECRET = 'tsunagi/test/acme/integrations/line-works';
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const account = {
  client_id: 'lw-client',
  client_secret: 'lw-secret',
  service_account: 'bot.serviceaccount@acme',
  private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
};
const lineWorks: Integration = {
  system: 'LINE_WORKS',
  credentials_secret_arn_or_name: LW_SECRET,
  settings: { bot_id: 2000001 },
};
const destination = chatDestination('LINE_WORKS', 'ch-acme-ops');
const token = json(200, {
  access_token: 'lw-token',
  refresh_token: 'r',
  expires_in: '86400',
  token_type: 'Bearer',
});

describe('Class: LineWorksSender', () => {
  it('gets a token with a service-account JWT and posts a text bot message', async () => {
    // Prepare
    const paths: string[] = [];
    const auth = await start(token);
    const api = await start(recordingPaths(paths, json(201, {})));
    const { adapter, context, time } = chatSetup(
      { lineWorks: baseOf(api.url), lineWorksAuth: baseOf(auth.url) },
      [lineWorks],
      { [LW_SECRET]: JSON.stringify(account) },
    );

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 201 });
    const form = Object.fromEntries(new URLSearchParams(auth.received[0]?.body));
    expect(form).toMatchObject({
      grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
      client_id: 'lw-client',
      client_secret: 'lw-secret',
      scope: 'bot',
    });
    const [header, claims, signature] = (form.assertion ?? '').split('.');
    const signed = Buffer.from(`${header}.${claims}`);
    expect(verify('sha256', signed, publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
    const iat = Math.floor(time.clock() / 1000);
    expect(JSON.parse(Buffer.from(claims ?? '', 'base64url').toString())).toEqual({
      iss: 'lw-client',
      sub: 'bot.serviceaccount@acme',
      iat,
      exp: iat + 3600,
    });
    expect(paths).toEqual(['/v1.0/bots/2000001/channels/ch-acme-ops/messages']);
    expect(api.received[0]?.headers.authorization).toBe('Bearer lw-token');
    expect(JSON.parse(api.received[0]?.body ?? '')).toEqual({
      content: { type: 'text', text: 'Paid: pi_1 <b>hi</b>' },
    });
  });

  it('waits for rateLimit-reset after a 429, which LINE WORKS sends instead of Retry-After', async () => {
    // Prepare
    const auth = await start(token);
    const api = await start(
      reply(429, { 'ratelimit-reset': '12', 'ratelimit-remaining': '0' }),
      json(201, {}),
    );
    const { adapter, context, time } = chatSetup(
      { lineWorks: baseOf(api.url), lineWorksAuth: baseOf(auth.url) },
      [lineWorks],
      { [LW_SECRET]: JSON.stringify(account) },
    );

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result.attempts).toBe(2);
    expect(time.sleeps.some((ms) => ms >= 12_000)).toBe(true);
  });

  it('fails permanently without a bot id or with an unusable private key', async () => {
    // Prepare
    const noBot = chatSetup({}, [{ ...lineWorks, settings: {} }], { [LW_SECRET]: JSON.stringify(account) });
    const badKey = chatSetup({}, [lineWorks], {
      [LW_SECRET]: JSON.stringify({ ...account, private_key: 'nope' }),
    });

    // Act & Assess
    await expect(noBot.adapter.deliver(destination, noBot.context)).rejects.toMatchObject({
      reason: { code: 'invalid_request', message: 'LINE_WORKS integration of acme has no bot_id setting' },
    });
    await expect(badKey.adapter.deliver(destination, badKey.context)).rejects.toMatchObject({
      reason: { code: 'invalid_request', message: expect.stringContaining('PEM private_key') },
    });
  });

  it('cuts a long message at the 2,000-character limit', async () => {
    // Prepare
    const auth = await start(token);
    const api = await start(json(201, {}));
    const { adapter, context } = chatSetup(
      { lineWorks: baseOf(api.url), lineWorksAuth: baseOf(auth.url) },
      [lineWorks],
      { [LW_SECRET]: JSON.stringify(account) },
    );

    // Act
    await adapter.deliver(chatDestination('LINE_WORKS', 'ch-acme-ops', 'x'.repeat(2_500)), context);

    // Assess
    const text = JSON.parse(api.received[0]?.body ?? '').content.text as string;
    expect(text).toHaveLength(2_000);
    expect(text.endsWith('…')).toBe(true);
  });
});
