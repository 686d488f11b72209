import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFakes, startLocalFakes } from '../../infra/local/fakes/index.ts';
import { fakePorts } from '../../infra/local/local-ports.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const TOKEN = 'xoxb-test-token';
const API_KEY = 'SG.test-key';

const signedDelivery = (id: string, body: string, secret = SECRET) => {
  const timestamp = new Date();
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body),
    'idempotency-key': `${id}:route-1`,
  };
};

describe('Function: startLocalFakes', () => {
  let fakes: LocalFakes;
  const post = (url: string, body: string, headers: Record<string, string>) =>
    fetch(url, { method: 'POST', body, headers });

  beforeAll(async () => {
    fakes = await startLocalFakes({
      ports: fakePorts(0),
      failFirst: 2,
      backendSecretsFor: (path) => (path === '/acme/payments' ? [SECRET] : []),
      slackTokens: [TOKEN],
      secondaryEmailKey: API_KEY,
    });
  });

  afterAll(async () => {
    await fakes?.stop();
  });

  it('fails the first two attempts of a delivery with 503, then accepts it, and lists every attempt', async () => {
    // Prepare
    const body = JSON.stringify({ event_id: 'evt_1' });
    const url = `${fakes.tenantBackend.url}/acme/payments`;

    // Act
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await post(url, body, signedDelivery('evt_1', body))).status);
    const listed = (await (await fetch(`${fakes.tenantBackend.url}/received`)).json()) as {
      received: { webhook_id: string; attempt: number; status: number; idempotency_key: string }[];
    };

    // Assess
    expect(statuses).toEqual([503, 503, 200]);
    expect(listed.received.map((r) => [r.webhook_id, r.attempt, r.status])).toEqual([
      ['evt_1', 1, 503],
      ['evt_1', 2, 503],
      ['evt_1', 3, 200],
    ]);
    expect(listed.received[2]?.idempotency_key).toBe('evt_1:route-1');
  });

  it('answers 401 to a delivery signed with another secret, without counting it as an attempt', async () => {
    const body = '{}';
    const forged = await post(
      `${fakes.tenantBackend.url}/acme/payments`,
      body,
      signedDelivery('evt_2', body, 'whsec_b3RoZXJzZWNyZXRvdGhlcnNlY3JldA=='),
    );

    expect(forged.status).toBe(401);
    expect(fakes.tenantBackend.received().find((r) => r.webhook_id === 'evt_2')).toMatchObject({
      signature_valid: false,
      attempt: 0,
    });
  });

  it('answers 404 on a path no route delivers to', async () => {
    const response = await post(`${fakes.tenantBackend.url}/nobody`, '{}', signedDelivery('evt_3', '{}'));

    expect(response.status).toBe(404);
  });

  it('always answers 400 and 503 on the failing destinations', async () => {
    const [rejected, unavailable] = await Promise.all([
      post(`${fakes.always400.url}/orders`, '{}', { 'webhook-id': 'evt_4' }),
      post(`${fakes.always503.url}/orders`, '{}', { 'webhook-id': 'evt_4' }),
    ]);

    expect([rejected.status, unavailable.status]).toEqual([400, 503]);
    expect(fakes.always400.received()).toEqual([
      expect.objectContaining({ webhook_id: 'evt_4', status: 400 }),
    ]);
  });

  it('posts a Slack message with a valid bot token and answers ok:false like Slack otherwise', async () => {
    // Prepare
    const url = `${fakes.slack.apiBaseUrl}/chat.postMessage`;
    const message = JSON.stringify({ channel: 'C0ACMEOPS', text: 'hello' });
    const json = { 'content-type': 'application/json; charset=utf-8' };

    // Act
    const ok = await (await post(url, message, { ...json, authorization: `Bearer ${TOKEN}` })).json();
    const badToken = await (await post(url, message, { ...json, authorization: 'Bearer xoxb-wrong' })).json();
    const noText = await (
      await post(url, JSON.stringify({ channel: 'C0ACMEOPS' }), { ...json, authorization: `Bearer ${TOKEN}` })
    ).json();

    // Assess
    expect(ok).toMatchObject({ ok: true, channel: 'C0ACMEOPS' });
    expect(badToken).toEqual({ ok: false, error: 'invalid_auth' });
    expect(noText).toEqual({ ok: false, error: 'no_text' });
    const listed = (await (await fetch(`${fakes.slack.url}/messages`)).json()) as { messages: unknown[] };
    expect(listed.messages).toEqual([expect.objectContaining({ channel: 'C0ACMEOPS', text: 'hello' })]);
  });

  it('accepts a SendGrid mail/send with the API key (202) and rejects a bad key (401) or a missing field (400)', async () => {
    // Prepare
    const mail = {
      personalizations: [{ to: [{ email: 'dev@acme.example' }] }],
      from: { email: 'tsunagi@tsunagi.example' },
      subject: 'Hello',
      content: [{ type: 'text/plain', value: 'Body' }],
    };
    const send = (body: unknown, key: string) =>
      post(fakes.secondaryEmail.sendUrl, JSON.stringify(body), {
        'content-type': 'application/json',
        authorization: `Bearer ${key}`,
      });

    // Act
    const accepted = await send(mail, API_KEY);
    const badKey = await send(mail, 'SG.wrong');
    const noSubject = await send({ ...mail, subject: '' }, API_KEY);

    // Assess
    expect([accepted.status, badKey.status, noSubject.status]).toEqual([202, 401, 400]);
    expect(accepted.headers.get('x-message-id')).toBeTruthy();
    expect(fakes.secondaryEmail.mails()).toEqual([
      expect.objectContaining({
        to: ['dev@acme.example'],
        subject: 'Hello',
        from: 'tsunagi@tsunagi.example',
      }),
    ]);
  });
});
