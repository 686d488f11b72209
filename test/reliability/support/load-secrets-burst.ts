import { randomBytes } from 'node:crypto';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { peekDeadLetters } from '../../../infra/local/delivery-dlq.ts';
import type { LocalPlatform } from '../../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../../infra/local/signed-request.ts';
import { eventually } from '../../integration/eventually.ts';
import { type LoadFixture, SCAN_ROUTES, SCAN_TENANT } from './load-fixture.ts';

/**
 * A small burst through every path that handles a secret, for the secrets scan: webhooks with a wrong
 * signature and with a stale one (401), one sent while SQS is down (503, then resent), and accepted events
 * that fan out to a re-signed HTTP delivery (retried on the backend's chance 503s), a permanent 400 (DLQ at
 * once), a destination stuck at 503 (retried on the schedule until it is exhausted, then the DLQ), Slack with
 * the tenant's bot token, and SES.
 */

export interface SecretsBurstInput {
  readonly platform: LocalPlatform;
  readonly fixture: LoadFixture;
  readonly sqs: SQSClient;
  readonly print: (line: string) => void;
}

export interface SecretsBurstResult {
  /** Statuses of the wrongly signed and the stale webhook. */
  readonly rejected: readonly number[];
  /** Status of the webhook sent while SQS was down. */
  readonly unavailable: number;
  /** Every accepted event reached the backend and Slack. */
  readonly delivered: boolean;
  /** Every accepted event has dead letters for its rejected and its unavailable route. */
  readonly deadLettered: boolean;
}

const EVENTS = 5;

export const runSecretsBurst = async (input: SecretsBurstInput): Promise<SecretsBurstResult> => {
  const { platform, fixture, sqs } = input;
  const build = (id: string, secret = fixture.webhookSecret[SCAN_TENANT], nowSeconds?: number) =>
    signRequest({
      baseUrl: platform.baseUrl,
      provider: 'generic',
      tenantId: SCAN_TENANT,
      secret,
      nowSeconds,
      body: Buffer.from(JSON.stringify({ id, type: 'scan.event', data: { id } })),
      contentType: 'application/json',
      headers: { 'x-event-id': id, 'x-event-type': 'scan.event' },
    });
  const accept = async (id: string) =>
    eventually(
      `webhook ${id} to be accepted`,
      async () => (await sendRequest(build(id))).eventId,
      20_000,
      500,
    );

  const rejected = [
    (await sendRequest(build('scan_forged', randomBytes(32).toString('hex')))).status,
    (await sendRequest(build('scan_stale', undefined, Math.floor(Date.now() / 1000) - 3_600))).status,
  ];
  await platform.sqs.stop();
  const unavailable = (await sendRequest(build('scan_while_down'))).status;
  await platform.sqs.restart();
  const eventIds = [await accept('scan_while_down')];
  for (let i = 1; i < EVENTS; i++) eventIds.push(await accept(`scan_${i}`));
  input.print(`secrets burst: ${eventIds.length} events accepted; waiting for deliveries and dead letters`);

  const keyOf = (eventId: string, routeId: string) => `${eventId}:${routeId}`;
  const delivered = await eventually(
    'the burst to reach the backend and Slack',
    () => {
      const ok = new Set(
        platform.fakes.tenantBackend
          .received()
          .filter((r) => r.status === 200)
          .map((r) => r.idempotency_key),
      );
      const slack = platform.fakes.slack.messages().map((m) => m.text ?? '');
      const done = eventIds.every(
        (id) => ok.has(keyOf(id, SCAN_ROUTES.backend)) && slack.some((text) => text.includes(id)),
      );
      return done ? true : undefined;
    },
    60_000,
    500,
  );
  const letters = new Set<string>();
  const deadLettered = await eventually(
    'dead letters for the rejected and the unavailable routes',
    async () => {
      for (const letter of await peekDeadLetters(sqs, platform.queueUrls.deliveryDlq))
        if (letter.delivery_id) letters.add(letter.delivery_id);
      const routes = [SCAN_ROUTES.rejected, SCAN_ROUTES.unavailable];
      return eventIds.every((id) => routes.every((route) => letters.has(keyOf(id, route))))
        ? true
        : undefined;
    },
    // The stuck route's whole schedule first: about 90 s at the load's time scale.
    180_000,
    1_000,
  );
  return { rejected, unavailable, delivered, deadLettered };
};
