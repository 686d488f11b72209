import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_TENANTS_FILE } from '../../infra/local/demo-tenants.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../infra/local/signed-request.ts';
import { DynamoDbDeliveryLog } from '../../shared/adapters/delivery/dynamodb-delivery-log.ts';
import { EventJourneyOutputSchema } from '../../shared/ops/event-journey.ts';
import { runOps } from '../infra/ops/run-ops.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { eventually } from './eventually.ts';

const ROUTE_ID = 'big-jpy-charges-to-erp';
const ROUTE_SECRET_NAME = `tsunagi/local/acme/routes/${ROUTE_ID}`;
const ROUTE_SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const DEMO_SECRETS_FILE = join(import.meta.dirname, '../../infra/local/demo-secrets.json');

/** The demo tenants, with one Acme route that takes only Stripe charges of ¥10,000 or more, reshaped. */
const tenantsWithFilteredRoute = (): unknown => {
  const file = JSON.parse(readFileSync(DEMO_TENANTS_FILE, 'utf8')) as {
    tenants: { tenant_id: string; routes: unknown[] }[];
  };
  file.tenants
    .find((tenant) => tenant.tenant_id === 'acme')!
    .routes.push({
      route_id: ROUTE_ID,
      match: {
        provider: 'stripe',
        event_type: 'charge.*',
        filter: { data: { data: { object: { currency: ['jpy'], amount: [{ numeric: ['>=', 10000] }] } } } },
      },
      transform:
        '{"charge_id": data.data.object.id, "yen": data.data.object.amount, "paid": type = "charge.succeeded", "agent": headers."user-agent"}',
      destination: {
        type: 'http',
        url: 'http://127.0.0.1:9330/acme/erp',
        signing_secret_name: ROUTE_SECRET_NAME,
      },
    });
  return file;
};

const charge = (id: string, amount: number) => ({
  id: `evt_${id}`,
  object: 'event',
  type: 'charge.succeeded',
  data: { object: { id: `ch_${id}`, object: 'charge', amount, currency: 'jpy' } },
});

// Local mode with one filtered, transforming route: what matches is delivered reshaped and signed to the
// fake tenant backend; what does not is never sent, and the delivery log and `ops` say why.
describe('Local mode: route filters and transforms end to end', () => {
  let platform: LocalPlatform;
  let dynamo: DynamoDBClient;
  let log: DynamoDbDeliveryLog;
  let dir: string;
  const ids = { big: '', small: '' };

  const send = async (body: unknown) => {
    const secret = LocalSecrets.load(platform.secretsFile, platform.secretPrefix).secretsFor(
      'acme',
      'stripe',
    )[0]!;
    const response = await sendRequest(
      signRequest({
        baseUrl: platform.baseUrl,
        provider: 'stripe',
        tenantId: 'acme',
        secret,
        body: Buffer.from(JSON.stringify(body)),
        contentType: 'application/json',
        headers: { 'user-agent': 'Stripe/1.0 (+https://stripe.com/docs/webhooks)' },
      }),
    );
    expect(response.status, response.text).toBe(202);
    return response.eventId!;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tsunagi-route-filters-'));
    const tenantsFile = join(dir, 'tenants.json');
    writeFileSync(tenantsFile, JSON.stringify(tenantsWithFilteredRoute()));
    const secretsFile = join(dir, 'secrets.json');
    const secrets = JSON.parse(readFileSync(DEMO_SECRETS_FILE, 'utf8')) as Record<string, string>;
    writeFileSync(secretsFile, JSON.stringify({ ...secrets, [ROUTE_SECRET_NAME]: ROUTE_SECRET }));
    platform = await startLocal({
      ...FREE_PORTS,
      logLevel: 'SILENT',
      tenantsFile,
      secretsFile,
      backendFailFirst: 0,
      sync: false,
    });
    dynamo = new DynamoDBClient({
      region: 'ap-northeast-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
      endpoint: platform.dynamoEndpoint,
    });
    log = new DynamoDbDeliveryLog(dynamo, { tableName: platform.tables.deliveryLog, retentionDays: 1 });
    [ids.big, ids.small] = await Promise.all([send(charge('big', 12_000)), send(charge('small', 500))]);
  });

  afterAll(async () => {
    dynamo?.destroy();
    await platform?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers the transformed body of a matching event to the far end, signed', async () => {
    // Act
    const received = await eventually('the ERP to receive the big charge', async () =>
      platform.fakes.tenantBackend.received().find((r) => r.idempotency_key === `${ids.big}:${ROUTE_ID}`),
    );

    // Assess: the backend verified the Standard Webhooks signature with the route's secret.
    expect(received.status).toBe(200);
    expect(received.signature_valid).toBe(true);
    expect(received.body).toEqual({
      charge_id: 'ch_big',
      yen: 12_000,
      paid: true,
      agent: 'Stripe/1.0 (+https://stripe.com/docs/webhooks)',
    });
  });

  it('does not deliver a non-matching event and reports it as filtered out, with the failed condition', async () => {
    // Act
    const routing = await eventually(
      'the small charge to be routed',
      async () => (await log.getJourney(ids.small)).routing ?? undefined,
    );
    await eventually('the big charge to be delivered', async () =>
      (await log.getJourney(ids.big)).deliveries.find((d) => d.status === 'delivered'),
    );
    const shown = await runOps([
      'events',
      'show',
      ids.small,
      '--local',
      '--dynamodb-endpoint',
      platform.dynamoEndpoint,
      '--json',
    ]);

    // Assess
    expect(routing).toMatchObject({ route_ids: [], unrouted_reason: 'filtered_out' });
    expect(
      platform.fakes.tenantBackend.received().filter((r) => r.idempotency_key?.startsWith(ids.small)),
    ).toEqual([]);
    expect(shown.status, shown.stderr).toBe(0);
    const journey = EventJourneyOutputSchema.parse(JSON.parse(shown.stdout));
    expect(journey.deliveries).toEqual([]);
    expect(journey.routing?.unmatched_routes).toContainEqual({
      route_id: ROUTE_ID,
      reason: 'filter',
      detail: 'data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
    });
  });

  it('tests the route against both events through ops routes test, from the delivery log', async () => {
    await eventually('both charges to be routed', async () =>
      (await log.getJourney(ids.small)).routing && (await log.getJourney(ids.big)).routing ? true : undefined,
    );
    const args = (id: string) => [
      'routes',
      'test',
      'acme',
      ROUTE_ID,
      '--event',
      id,
      '--local',
      '--dynamodb-endpoint',
      platform.dynamoEndpoint,
      '--json',
    ];
    const [big, small] = await Promise.all([runOps(args(ids.big)), runOps(args(ids.small))]);
    expect(big.status, big.stderr).toBe(0);
    expect(JSON.parse(big.stdout)).toMatchObject({
      matched: true,
      request: { headers: { 'webhook-id': ids.big }, body: { charge_id: 'ch_big', yen: 12_000, paid: true } },
    });
    expect(small.status, small.stderr).toBe(0);
    expect(JSON.parse(small.stdout)).toEqual({
      matched: false,
      failed_condition:
        'match.filter: data.data.object.amount does not match [{"numeric":[">=",10000]}] (the field is present)',
      request: null,
    });
  });
});
