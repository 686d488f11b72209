import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DeadLetter, peekDeadLetters } from '../../infra/local/delivery-dlq.ts';
import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import { DEMO_TENANTS_FILE } from '../../infra/local/demo-tenants.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { readMailbox } from '../../infra/local/ses/local-ses.ts';
import { sendRequest, signRequest } from '../../infra/local/signed-request.ts';
import { DELIVERY_MAX_RECEIVE_COUNT } from '../../infra/local/sqs.ts';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { EventJourneyOutputSchema } from '../../shared/ops/event-journey.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { runOps } from '../infra/ops/run-ops.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { eventually } from './eventually.ts';

// The whole platform on the local stand-ins, router and worker included. Every webhook is sent up front and
// each test waits for its own outcome, so the suite takes about as long as its slowest path (retry → DLQ).
describe('Local mode: routing and delivery end to end', () => {
  let platform: LocalPlatform;
  let secrets: LocalSecrets;
  let dynamo: DynamoDBClient;
  let sqs: SQSClient;
  let log: DynamoDbDeliveryLog;
  const ids: Record<'stripe' | 'github' | 'slack' | 'order' | 'first' | 'redelivery', string> = {
    stripe: '',
    github: '',
    slack: '',
    order: '',
    first: '',
    redelivery: '',
  };
  const deadLetters = new Map<string, DeadLetter>();

  const send = async (
    provider: ProviderId,
    tenantId = 'acme',
    payload?: ReturnType<(typeof demoPayloads)['generic']>,
  ) => {
    const secret = secrets.secretsFor(tenantId, provider)[0]!;
    const built = payload ?? demoPayloads[provider]({ tenantId, secret, now: new Date() });
    const response = await sendRequest(
      signRequest({ baseUrl: platform.baseUrl, provider, tenantId, secret, ...built }),
    );
    expect(response.status, response.text).toBe(202);
    return response.eventId!;
  };
  const deadLetter = async (eventId: string, routeId: string) =>
    eventually(
      `a dead letter for ${eventId}:${routeId}`,
      async () => {
        for (const letter of await peekDeadLetters(sqs, platform.queueUrls.deliveryDlq))
          deadLetters.set(letter.message_id, letter);
        return [...deadLetters.values()].find((d) => d.event_id === eventId && d.route_id === routeId);
      },
      45_000,
    );
  const delivery = async (eventId: string, routeId: string, done: (status: string) => boolean) =>
    eventually(
      `the delivery ${eventId}:${routeId} to settle`,
      async () => {
        const { deliveries } = await log.getJourney(eventId);
        return deliveries.find((d) => d.route_id === routeId && done(d.status));
      },
      45_000,
    );

  beforeAll(async () => {
    platform = await startLocal({
      ...FREE_PORTS,
      logLevel: 'SILENT',
    });
    secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
    const local = {
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    };
    dynamo = new DynamoDBClient({ ...local, endpoint: platform.dynamoEndpoint });
    sqs = new SQSClient({ ...local, endpoint: platform.sqsEndpoint });
    log = new DynamoDbDeliveryLog(dynamo, { tableName: platform.tables.deliveryLog, retentionDays: 1 });
    // One provider event sent twice, as a provider redelivers: two webhook requests, two platform event ids.
    const secret = secrets.secretsFor('globex', 'generic')[0]!;
    const order = demoPayloads.generic({ tenantId: 'globex', secret, now: new Date() });
    const redelivered = { ...order, headers: { ...order.headers, 'x-event-id': 'ord_redelivered_1' } };
    [ids.stripe, ids.github, ids.slack, ids.order] = await Promise.all([
      send('stripe'),
      send('github'),
      send('slack'),
      send('generic'),
    ]);
    ids.first = await send('generic', 'globex', redelivered);
    // Redelivered once the first copy is routed, as a provider does after a timeout. (Two copies in one batch
    // work too, but the second then waits out the inbound queue's 30 s visibility timeout.)
    await eventually(
      'the first copy to be routed',
      async () => (await log.getJourney(ids.first)).routing ?? undefined,
    );
    ids.redelivery = await send('generic', 'globex', redelivered);
  });

  afterAll(async () => {
    dynamo?.destroy();
    sqs?.destroy();
    await platform?.stop();
  });

  it('delivers the stripe event to the tenant backend once, after two failed attempts, signed', async () => {
    // Act
    const record = await delivery(ids.stripe, 'payments-to-backend', (s) => s === 'delivered');

    // Assess
    const key = `${ids.stripe}:payments-to-backend`;
    const attempts = platform.fakes.tenantBackend.received().filter((r) => r.idempotency_key === key);
    expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    // The backend verified each with the route's secret, as a tenant following Standard Webhooks would.
    for (const attempt of attempts) expect(attempt.signature_valid).toBe(true);
    expect(attempts[2]?.body).toMatchObject({ event_id: ids.stripe, provider: 'stripe', tenant_id: 'acme' });
    expect(record).toMatchObject({ attempts: 3, last_status: 200 });
  });

  it('mails the github push through SES, readable in its mailbox', async () => {
    const mail = await eventually('a mail in the SES mailbox', async () =>
      (await readMailbox(platform.ses.mailboxUrl)).find((m) =>
        m.destination.to.includes('dev-team@acme.example'),
      ),
    );

    expect(mail.subject).toMatch(/^\[acme\] octocat pushed to acme\/hello-world$/);
    expect(mail.body.text).toContain(ids.github);
    await delivery(ids.github, 'pushes-by-mail', (s) => s === 'delivered');
  });

  it('posts the slack message to the fake Slack', async () => {
    const message = await eventually('a Slack message', () =>
      platform.fakes.slack.messages().find((m) => m.text?.includes(ids.slack)),
    );

    expect(message.channel).toBe('C0ACMEOPS');
    expect(message.text).toContain('Deploy finished');
  });

  it('dead-letters the delivery a destination rejects with 400 at once, with the reason attached', async () => {
    const letter = await deadLetter(ids.order, 'orders-rejected');

    expect(letter.attributes).toMatchObject({
      failure_code: 'client_error',
      failure_last_status: '400',
      failure_attempts: '1',
      tenant_id: 'acme',
    });
    expect(letter.attributes.failure_message).toContain('400');
    const key = `${ids.order}:orders-rejected`;
    expect(platform.fakes.always400.received().filter((r) => r.idempotency_key === key)).toHaveLength(1);
  });

  it('dead-letters the delivery to a destination that stays at 503 once its retry schedule is exhausted', async () => {
    const letter = await deadLetter(ids.order, 'orders-unavailable');

    expect(letter.delivery_id).toBe(`${ids.order}:orders-unavailable`);
    const record = await delivery(ids.order, 'orders-unavailable', (s) => s === 'dead_lettered');
    // Each retry is a new message, so no receive count piles up: the schedule decides, not maxReceiveCount.
    expect(record.receive_count).toBeLessThan(DELIVERY_MAX_RECEIVE_COUNT);
    expect(record.last_error?.message).toMatch(/retries exhausted: \d+ attempt\(s\) over \d+ s/);
    // Retried until the route's circuit breaker opened on the 503s; later attempts are shed without a call.
    expect(['server_error', 'circuit_open']).toContain(record.last_error?.code);
    const key = `${ids.order}:orders-unavailable`;
    const calls = platform.fakes.always503.received().filter((r) => r.idempotency_key === key);
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.every((c) => c.status === 503)).toBe(true);
  }, 60_000);

  it('delivers a provider event sent twice only once', async () => {
    await delivery(ids.first, 'everything-to-backend', (s) => s === 'delivered');
    const { routing } = await eventually('the redelivery to be routed', async () => {
      const journey = await log.getJourney(ids.redelivery);
      return journey.routing ? journey : undefined;
    });

    expect(routing?.duplicate_of).toBe(ids.first);
    const received = platform.fakes.tenantBackend.received();
    const about = (eventId: string) => received.filter((r) => r.idempotency_key?.startsWith(`${eventId}:`));
    expect(about(ids.first).filter((r) => r.status === 200)).toHaveLength(1);
    expect(about(ids.redelivery)).toEqual([]);
  });

  it('prints an event journey with ops events show, as JSON matching its schema', async () => {
    await delivery(ids.stripe, 'payments-to-backend', (s) => s === 'delivered');

    const result = await runOps([
      'events',
      'show',
      ids.stripe,
      '--local',
      '--dynamodb-endpoint',
      platform.dynamoEndpoint,
      '--json',
    ]);

    expect(result.status, result.stderr).toBe(0);
    const output = EventJourneyOutputSchema.parse(JSON.parse(result.stdout));
    expect(output.routing).toMatchObject({ event_id: ids.stripe, route_ids: ['payments-to-backend'] });
    expect(output.deliveries).toEqual([
      expect.objectContaining({ route_id: 'payments-to-backend', status: 'delivered', attempts: 3 }),
    ]);
  });

  it('reports changes with ops tenants apply --dry-run and writes nothing', async () => {
    // Prepare: the running platform applied the file with the fakes' random ports; the file names the defaults.
    const scan = async () =>
      JSON.stringify((await dynamo.send(new ScanCommand({ TableName: platform.tables.tenantData }))).Items);
    const before = await scan();

    // Act
    const result = await runOps([
      'tenants',
      'apply',
      DEMO_TENANTS_FILE,
      '--local',
      '--dynamodb-endpoint',
      platform.dynamoEndpoint,
      '--dry-run',
      '--json',
    ]);

    // Assess
    expect(result.status, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ dryRun: true, created: 0, deleted: 0, updated: 4 });
    expect(await scan()).toBe(before);
  });
});
