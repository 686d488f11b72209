import type { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DynamoDbEndpoints } from '../../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { enableEndpoint } from '../../../shared/delivery/health/endpoint-health.ts';
import { releaseRequestBody } from '../../../shared/delivery/health/release-request.ts';
import type { HttpDestination } from '../../../shared/tenants/destinations.ts';
import {
  deliveryMessage,
  EVENT_ID,
  envelope,
  ROUTE_SECRET,
  ROUTE_SECRET_NAME,
} from '../../shared/delivery/destinations/fixtures.ts';
import { reply, useDestinations } from '../../shared/kernel/http/fake-destination.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';
import { recordSingleMetrics } from '../../support/single-metrics.ts';
import {
  lambdaContext,
  sqsRecord,
  startWorkerStandIns,
  type WorkerHandler,
  type WorkerStandIns,
} from './worker-harness.ts';

const start = useDestinations();
const httpTo = (url: string): HttpDestination => ({
  type: 'http',
  url,
  signing_secret_name: ROUTE_SECRET_NAME,
});
let sequence = 0;
/** A message for a fresh event, so tests never share an idempotency key. */
const messageTo = (url: string, routeId = 'payments-to-backend') => {
  sequence += 1;
  const event = envelope({ event_id: `${EVENT_ID.slice(0, -4)}${String(sequence).padStart(4, '0')}` });
  return deliveryMessage(httpTo(url), event, routeId);
};

describe('Function: delivery-worker', () => {
  let standIns: WorkerStandIns;
  let handler: WorkerHandler;
  let metrics: Metrics;
  let output: CapturedOutput;

  beforeAll(async () => {
    standIns = await startWorkerStandIns();
    for (const [name, value] of Object.entries(standIns.env)) vi.stubEnv(name, value);
    vi.resetModules();
    ({ handler } = await import('../../../functions/delivery-worker/handler.ts'));
    ({ metrics } = await import('../../../functions/delivery-worker/telemetry.ts'));
  });

  afterAll(async () => {
    vi.unstubAllEnvs();
    await standIns.stop();
  });

  beforeEach(() => {
    output = captureOutput();
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('re-enqueues a failing record for its next attempt while the rest of its batch is delivered', async () => {
    // Prepare
    const good = await start(reply(200));
    const broken = await start(reply(503));
    const records = [
      sqsRecord(JSON.stringify(messageTo(good.url))),
      sqsRecord(JSON.stringify(messageTo(broken.url, 'flaky-backend'))),
      sqsRecord(JSON.stringify(messageTo(good.url))),
    ];

    // Act: little time left, so the failing record gives up after its first attempt.
    const response = await handler({ Records: records }, lambdaContext(3_600));

    // Assess: nothing handed back; the failing delivery is a new, delayed message carrying its attempt.
    expect(response.batchItemFailures).toEqual([]);
    expect(good.received).toHaveLength(2);
    expect(await standIns.drainRequeued()).toEqual([]);
    // A second, ±20 % jitter, rounded up to whole seconds of DelaySeconds.
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    const requeued = await standIns.drainRequeued();
    expect(requeued).toHaveLength(1);
    expect(JSON.parse(requeued[0]?.Body ?? '{}')).toMatchObject({
      route_id: 'flaky-backend',
      retry: { attempts: 1, deferrals: 0, last_code: expect.any(String) },
    });
  });

  it('calls the destination once when the same SQS record is delivered twice', async () => {
    // Prepare
    const server = await start(reply(200));
    const record = sqsRecord(JSON.stringify(messageTo(server.url)));

    // Act
    const first = await handler({ Records: [record] }, lambdaContext());
    const second = await handler(
      { Records: [{ ...record, attributes: { ...record.attributes, ApproximateReceiveCount: '2' } }] },
      lambdaContext(),
    );

    // Assess
    expect([first.batchItemFailures, second.batchItemFailures]).toEqual([[], []]);
    expect(server.received).toHaveLength(1);
  });

  it('sends a permanent failure to the DLQ with its reason and deletes it from the queue', async () => {
    // Prepare
    const server = await start(reply(400));
    const message = messageTo(server.url);
    const record = sqsRecord(JSON.stringify(message), 1, { tenant_id: 'acme', provider: 'stripe' });

    // Act
    const response = await handler({ Records: [record] }, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(server.received).toHaveLength(1);
    const letters = (await standIns.drainDeadLetters()).filter((letter) => letter.Body === record.body);
    expect(letters).toHaveLength(1);
    const attributes = Object.fromEntries(
      Object.entries(letters[0]?.MessageAttributes ?? {}).map(([name, value]) => [name, value.StringValue]),
    );
    expect(attributes).toMatchObject({
      failure_code: 'client_error',
      failure_attempts: '1',
      failure_last_status: '400',
      failed_at: expect.stringMatching(/Z$/),
      tenant_id: 'acme',
      route_id: 'payments-to-backend',
      destination_type: 'http',
      provider: 'stripe',
      trace_id: message.event.trace_id,
    });
    const journey = await standIns.log.getJourney(message.event.event_id);
    expect(journey.deliveries[0]).toMatchObject({ status: 'failed_permanent', last_status: 400 });
  });

  it('dead-letters a delivery whose retry schedule is exhausted, as the router wrote it', async () => {
    // Prepare
    const server = await start(reply(503));
    const message = messageTo(server.url);
    const longAgo = new Date(Date.now() - 100 * 3_600_000).toISOString();
    const retry = {
      attempts: 10,
      deferrals: 0,
      first_failed_at: longAgo,
      not_before: longAgo,
      last_code: 'server_error',
    };
    const record = sqsRecord(JSON.stringify({ ...message, retry }));

    // Act
    const response = await handler({ Records: [record] }, lambdaContext(3_600));

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    const letters = await standIns.drainDeadLetters();
    expect(letters).toHaveLength(1);
    expect(JSON.parse(letters[0]?.Body ?? '{}')).toEqual(message);
    expect(letters[0]?.MessageAttributes?.failure_message?.StringValue).toMatch(
      /retries exhausted: 11 attempt/,
    );
    const journey = await standIns.log.getJourney(message.event.event_id);
    expect(journey.deliveries[0]).toMatchObject({
      status: 'dead_lettered',
      last_error: { code: expect.any(String), last_status: 503 },
    });
  });

  it('processes the records of a batch concurrently', async () => {
    // Prepare
    const slow = await start((_request, response) => {
      setTimeout(() => response.writeHead(200).end(), 200);
    });
    const records = Array.from({ length: 5 }, () => sqsRecord(JSON.stringify(messageTo(slow.url))));
    const started = performance.now();

    // Act
    const response = await handler({ Records: records }, lambdaContext());

    // Assess
    expect(response.batchItemFailures).toEqual([]);
    expect(performance.now() - started).toBeLessThan(3 * 200);
  });

  it('never writes a signing secret into its logs', async () => {
    // Prepare
    const server = await start(reply(401));

    // Act
    await handler({ Records: [sqsRecord(JSON.stringify(messageTo(server.url)))] }, lambdaContext());

    // Assess
    const logs = output.text();
    expect(logs).toContain('"status":"failed_permanent"');
    expect(logs).not.toContain(ROUTE_SECRET.slice('whsec_'.length));
  });

  it('holds what a destination answers 410 Gone, disables it at once, and releases it once enabled', async () => {
    // Prepare
    const server = await start(reply(410), reply(200));
    const dynamo = new DynamoDBClient({ endpoint: standIns.env.AWS_ENDPOINT_URL_DYNAMODB, maxAttempts: 1 });
    const endpoints = new DynamoDbEndpoints(dynamo, { tableName: standIns.env.ENDPOINTS_TABLE! });
    const ref = { tenantId: 'acme', routeId: 'gone-backend' };
    const first = messageTo(server.url, ref.routeId);
    const second = messageTo(server.url, ref.routeId);

    // Act: the 410, then a delivery while disabled, then the operator's enable and release request.
    const gone = await handler({ Records: [sqsRecord(JSON.stringify(first))] }, lambdaContext());
    const whileDisabled = await handler({ Records: [sqsRecord(JSON.stringify(second))] }, lambdaContext());
    const healthAfterGone = await endpoints.get(ref);
    const heldBefore = await endpoints.oldest(ref, 10);
    await endpoints.update(ref, (current) => enableEndpoint(current, Date.now()));
    const release = await handler({ Records: [sqsRecord(releaseRequestBody(ref, 10))] }, lambdaContext());

    // Assess
    expect([gone, whileDisabled, release].map((r) => r.batchItemFailures)).toEqual([[], [], []]);
    expect(healthAfterGone).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    expect(heldBefore.map((held) => held.delivery_id)).toEqual([first.delivery_id, second.delivery_id]);
    // One call was the 410; the second delivery was never attempted while disabled; then both, in order.
    expect(server.received.map((r) => JSON.parse(r.body).event_id)).toEqual([
      first.event.event_id,
      first.event.event_id,
      second.event.event_id,
    ]);
    expect(await endpoints.count(ref)).toBe(0);
    const letters = await standIns.drainDeadLetters();
    expect(letters.filter((letter) => letter.Body?.includes(ref.routeId))).toEqual([]);
    dynamo.destroy();
  });

  it('counts deliveries, latency and failures by reason per destination type', async () => {
    // Prepare
    const emitted = recordSingleMetrics(metrics);
    const ok = await start(reply(200));
    const rejecting = await start(reply(400));
    const records = [
      sqsRecord(JSON.stringify(messageTo(ok.url))),
      sqsRecord(JSON.stringify(messageTo(rejecting.url))),
    ];

    // Act
    await handler({ Records: records }, lambdaContext());

    // Assess
    expect(emitted).toEqual(
      expect.arrayContaining([
        { name: 'Delivered', dimensions: { destination_type: 'http' } },
        { name: 'DeliveryLatency', dimensions: { destination_type: 'http' } },
        { name: 'DeliveryFailed', dimensions: { destination_type: 'http', reason: 'client_error' } },
        { name: 'DeliveryDeadLettered', dimensions: { destination_type: 'http' } },
      ]),
    );
  });
});
