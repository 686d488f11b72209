import { describe, expect, it } from 'vitest';
import { AuthExpiredError, PermanentError, RetryableError } from '../../../../../shared/kernel/errors.ts';
import type { Integration } from '../../../../../shared/tenants/tenant-file.ts';
import { reply, useDestinations } from '../../../kernel/http/fake-destination.ts';
import { EVENT_ID } from '../fixtures.ts';
import { baseOf, chatDestination, chatSetup, json } from './fixtures.ts';

const start = useDestinations();
const SLACK_SECRET = 'tsunagi/test/acme/integrations/slack';
const slack: Integration = { system: 'SLACK', credentials_secret_arn_or_name: SLACK_SECRET, settings: {} };
const destination = chatDestination('SLACK', 'C0ACMEOPS');

const setupWith = (url: string, token = '{"bot_token":"xoxb-1"}') =>
  chatSetup({ slack: `${baseOf(url)}/api` }, [slack], { [SLACK_SECRET]: token });

describe('Class: SlackSender', () => {
  it('posts chat.postMessage with the bot token and Slack-escaped payload values', async () => {
    // Prepare
    const server = await start(json(200, { ok: true, ts: '1.000001' }));
    const { adapter, context } = setupWith(server.url);

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result).toMatchObject({ attempts: 1, last_status: 200 });
    const request = server.received[0]!;
    expect(request.headers).toMatchObject({
      authorization: 'Bearer xoxb-1',
      'idempotency-key': `${EVENT_ID}:payments-to-backend`,
    });
    expect(JSON.parse(request.body)).toEqual({
      channel: 'C0ACMEOPS',
      text: 'Paid: pi_1 &lt;b&gt;hi&lt;/b&gt;',
      unfurl_links: false,
      unfurl_media: false,
    });
  });

  it('treats {ok:false, error:"ratelimited"} as retryable and keeps its Retry-After', async () => {
    // Prepare
    const server = await start(json(200, { ok: false, error: 'ratelimited' }, { 'retry-after': '30' }));
    const { adapter, context } = setupWith(server.url);

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(RetryableError);
    await expect(failure).rejects.toMatchObject({ retryAfterMs: 30_000, reason: { code: 'rate_limited' } });
  });

  it('honours an HTTP 429 Retry-After before posting again', async () => {
    // Prepare
    const server = await start(reply(429, { 'retry-after': '3' }), json(200, { ok: true }));
    const { adapter, context, time } = setupWith(server.url);

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result.attempts).toBe(2);
    expect(time.sleeps.some((ms) => ms >= 3_000)).toBe(true);
  });

  it.each(['channel_not_found', 'not_in_channel'])('fails permanently on %s', async (error) => {
    // Prepare
    const server = await start(json(200, { ok: false, error }));
    const { adapter, context } = setupWith(server.url);

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(PermanentError);
    await expect(failure).rejects.toMatchObject({
      reason: { code: 'client_error', message: `slack chat.postMessage: ${error}` },
    });
    expect(server.received).toHaveLength(1);
  });

  it('re-reads a refused token past the cache once, then posts with it', async () => {
    // Prepare
    const server = await start(json(200, { ok: false, error: 'token_expired' }), json(200, { ok: true }));
    const { adapter, context, secrets } = setupWith(server.url);

    // Act
    const result = await adapter.deliver(destination, context);

    // Assess
    expect(result.attempts).toBe(2);
    expect(secrets.reads.map((read) => read.forceFetch)).toEqual([false, true]);
  });

  it('gives up after one refresh when the token is still refused', async () => {
    // Prepare
    const server = await start(json(200, { ok: false, error: 'invalid_auth' }));
    const { adapter, context } = setupWith(server.url);

    // Act
    const failure = adapter.deliver(destination, context);

    // Assess
    await expect(failure).rejects.toBeInstanceOf(AuthExpiredError);
    await expect(failure).rejects.toMatchObject({ reason: { attempts: 2, code: 'auth_expired' } });
    expect(server.received).toHaveLength(2);
  });

  it('accepts a bare token as the secret and fails permanently without one', async () => {
    // Prepare
    const server = await start(json(200, { ok: true }));
    const bare = setupWith(server.url, 'xoxb-bare');
    const empty = setupWith(server.url, '{"refresh_token":"x"}');

    // Act
    await bare.adapter.deliver(destination, bare.context);

    // Assess
    expect(server.received[0]?.headers.authorization).toBe('Bearer xoxb-bare');
    await expect(empty.adapter.deliver(destination, empty.context)).rejects.toMatchObject({
      reason: { code: 'invalid_request', message: `secret ${SLACK_SECRET} holds no Slack bot token` },
    });
  });

  it('fails permanently when the tenant has no Slack integration', async () => {
    // Prepare
    const { adapter, context } = chatSetup({}, [], {});

    // Act & Assess
    await expect(adapter.deliver(destination, context)).rejects.toMatchObject({
      reason: { code: 'invalid_request', message: 'tenant acme has no SLACK integration' },
    });
  });
});
