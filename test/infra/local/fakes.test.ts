import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalFakes, startLocalFakes } from '../../../infra/local/fakes/index.ts';
import { startFakeTenantBackend } from '../../../infra/local/fakes/tenant-backend.ts';
import { fakePorts } from '../../../infra/local/local-ports.ts';

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

describe('Function: startFakeTenantBackend with failRate', () => {
  const start = (failSeed: number, failRate = 0.2) =>
    startFakeTenantBackend({
      port: 0,
      failFirst: 0,
      failRate,
      failSeed,
      secretsFor: (path) => (path === '/acme/payments' ? [SECRET] : []),
    });
  /** One attempt of each of `count` deliveries; the statuses in order. */
  const deliverEach = async (url: string, count: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < count; i++) {
      const body = JSON.stringify({ event_id: `evt_${i}` });
      const response = await fetch(`${url}/acme/payments`, {
        method: 'POST',
        body,
        headers: signedDelivery(`evt_${i}`, body),
      });
      statuses.push(response.status);
    }
    return statuses;
  };

  it('fails about the given share of attempts with 503, the same ones for the same seed', async () => {
    // Prepare
    const [first, second, reseeded] = await Promise.all([start(7), start(7), start(8)]);

    try {
      // Act
      const statuses = await deliverEach(first.url, 400);
      const again = await deliverEach(second.url, 400);
      const other = await deliverEach(reseeded.url, 400);

      // Assess
      const failed = statuses.filter((s) => s === 503).length;
      expect(failed).toBeGreaterThan(50);
      expect(failed).toBeLessThan(110);
      expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
      expect(again).toEqual(statuses);
      expect(other).not.toEqual(statuses);
    } finally {
      await Promise.all([first.stop(), second.stop(), reseeded.stop()]);
    }
  });

  it('draws again for each retry of a delivery, so a chance 503 is followed by an accepted attempt', async () => {
    // Prepare
    const backend = await start(7, 0.5);
    const body = '{}';

    try {
      // Act
      const statuses: number[] = [];
      while (statuses.at(-1) !== 200 && statuses.length < 30) {
        const response = await fetch(`${backend.url}/acme/payments`, {
          method: 'POST',
          body,
          headers: signedDelivery('evt_flaky', body),
        });
        statuses.push(response.status);
      }

      // Assess
      expect(statuses.at(-1)).toBe(200);
      expect(backend.received().map((r) => r.attempt)).toEqual(statuses.map((_, i) => i + 1));
    } finally {
      await backend.stop();
    }
  });

  it('refuses a failRate outside 0..1', async () => {
    await expect(start(1, 1.5)).rejects.toThrow(RangeError);
  });
});
