import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDbEndpoints } from '../../shared/adapters/delivery/dynamodb-endpoints.ts';
import { deliveryResourceNames } from '../../shared/delivery/config-names.ts';
import { enableEndpoint } from '../../shared/delivery/health/endpoint-health.ts';
import { releaseRequestBody } from '../../shared/delivery/health/release-request.ts';
import type { DestinationAction } from '../reliability/support/faults-destination.ts';
import { type FaultWorld, startFaultWorld, TENANT } from '../reliability/support/faults-world.ts';
import { type CapturedOutput, captureOutput } from '../support/capture-output.ts';
import { eventually } from './eventually.ts';

/**
 * Endpoint outages on the local stand-ins, the retry schedule scaled 7,200 times: an hour of the schedule takes
 * half a second (each wait at least a second, SQS's delay granularity), and the 8-hour disable period of this
 * world about 4.4 s. Every route is one scripted path of the fault endpoint.
 */
const TIME_SCALE = 7_200;
const scaledMs = (hours: number) => (hours * 3_600_000) / TIME_SCALE;
const ROUTES = ['outage', 'disable', 'breaker', 'gone'] as const;
const LOCAL = { region: 'ap-northeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

/** Down (503) for `downMs` from its first request on, then 200. */
const downFor = (downMs: number): (() => DestinationAction) => {
  let first: number | null = null;
  return () => {
    first ??= Date.now();
    return Date.now() - first < downMs ? { status: 503 } : { status: 200 };
  };
};

// Each test owns one route, so they run side by side: the file takes about as long as its slowest test.
describe.concurrent('Local mode: deliveries through endpoint outages', () => {
  let world: FaultWorld;
  let endpoints: DynamoDbEndpoints;
  let dynamo: DynamoDBClient;
  let output: CapturedOutput;

  const sendEvents = async (route: string, count: number): Promise<string[]> => {
    const responses = await Promise.all(
      Array.from({ length: count }, () => world.send(world.webhook(`${route}.created`))),
    );
    for (const response of responses) expect(response.status, response.text).toBe(202);
    return responses.map((response) => response.eventId!);
  };
  const delivered = (route: string, eventIds: readonly string[], timeoutMs = 30_000) =>
    eventually(
      `${eventIds.length} deliveries on ${route}`,
      async () => {
        for (const eventId of eventIds) {
          const record = (await world.journey(eventId)).deliveries.find((d) => d.route_id === route);
          if (record?.status !== 'delivered') return undefined;
        }
        return true;
      },
      timeoutMs,
      250,
    );
  const deadLettersOf = async (route: string) =>
    (await world.deadLetters()).filter((letter) => letter.route_id === route);
  /** The worker's log lines of one kind of health notification for a route. */
  const notifications = (type: string, route: string) =>
    output.jsonLines().filter((line) => line.message === type && line.route_id === route);
  const sideEffectsOf = (route: string, eventIds: readonly string[]) =>
    eventIds.map((eventId) => world.destination.sideEffects(`${eventId}:${route}`));

  beforeAll(async () => {
    output = captureOutput();
    world = await startFaultWorld({
      routes: ROUTES,
      platform: {
        // Warnings and up: the worker's health notifications are log lines in local mode (no alert topic).
        logLevel: 'WARN',
        consumerEnv: { DELIVERY_TIME_SCALE: String(TIME_SCALE), ENDPOINT_DISABLE_AFTER_HOURS: '8' },
      },
    });
    dynamo = new DynamoDBClient({ ...LOCAL, endpoint: world.platform.dynamoEndpoint });
    endpoints = new DynamoDbEndpoints(dynamo, { tableName: deliveryResourceNames('local').endpointsTable });
  });

  afterAll(async () => {
    dynamo?.destroy();
    await world?.stop();
    vi.restoreAllMocks();
  });

  it('delivers every event of a 3-hour outage exactly once when the endpoint is back, none dead-lettered', async () => {
    // Prepare
    const route = 'outage';
    world.destination.on(`/${route}`, downFor(scaledMs(3)));

    // Act: events arrive throughout the outage.
    const eventIds = [...(await sendEvents(route, 4))];
    await new Promise((resolve) => setTimeout(resolve, scaledMs(1.5)));
    eventIds.push(...(await sendEvents(route, 4)));
    await delivered(route, eventIds);

    // Assess
    expect(world.destination.requests(`/${route}`).some((r) => r.outcome === 503)).toBe(true);
    expect(sideEffectsOf(route, eventIds)).toEqual(eventIds.map(() => 1));
    expect(await deadLettersOf(route)).toEqual([]);
    expect((await endpoints.get({ tenantId: TENANT, routeId: route }))?.status).toBe('healthy');
    expect(notifications('endpoint.disabled', route)).toEqual([]);
  }, 30_000);

  it('disables an endpoint down past the disable period, notifies once, holds its events and delivers them in order after the enable', async () => {
    // Prepare
    const route = 'disable';
    const ref = { tenantId: TENANT, routeId: route };
    let up = false;
    world.destination.on(`/${route}`, () => (up ? { status: 200 } : { status: 503 }));

    // Act: events fail until the destination is disabled; more arrive while it is.
    const early = await sendEvents(route, 3);
    await eventually(
      'the destination to be disabled',
      async () => ((await endpoints.get(ref))?.status === 'disabled' ? true : undefined),
      20_000,
      250,
    );
    const late = await sendEvents(route, 2);
    const eventIds = [...early, ...late];
    await eventually(
      `all ${eventIds.length} deliveries held`,
      async () => ((await endpoints.count(ref)) === eventIds.length ? true : undefined),
      20_000,
      250,
    );
    const held = await endpoints.oldest(ref, 100);
    const attemptsWhileDisabled = world.destination.requests(`/${route}`).length;
    // The operator's enable: healthy again, then the release request on the delivery queue.
    up = true;
    await endpoints.update(ref, (current) => enableEndpoint(current, Date.now()));
    await world.sqs.send(
      new SendMessageCommand({
        QueueUrl: world.platform.queueUrls.delivery,
        MessageBody: releaseRequestBody(ref, 10),
      }),
    );
    await delivered(route, eventIds);

    // Assess: nothing attempted for the late events while disabled; all delivered once, oldest first.
    const requests = world.destination.requests(`/${route}`);
    for (const eventId of late) {
      expect(requests.slice(0, attemptsWhileDisabled).some((r) => r.webhookId === eventId)).toBe(false);
    }
    expect(sideEffectsOf(route, eventIds)).toEqual(eventIds.map(() => 1));
    const deliveredOrder = requests.filter((r) => r.outcome === 200).map((r) => r.webhookId);
    expect(deliveredOrder).toEqual(held.map((h) => h.event_id));
    expect(held.map((h) => h.received_at)).toEqual([...held.map((h) => h.received_at)].sort());
    expect(await deadLettersOf(route)).toEqual([]);
    expect(await endpoints.count(ref)).toBe(0);
    expect(notifications('endpoint.failing', route)).toHaveLength(1);
    expect(notifications('endpoint.disabled', route)).toHaveLength(1);
    expect(notifications('endpoint.disabled', route)[0]).toMatchObject({ disabled_reason: 'automatic' });
  }, 60_000);

  it('dead-letters nothing while the circuit breaker is open under load', async () => {
    // Prepare
    const route = 'breaker';
    world.destination.on(`/${route}`, downFor(scaledMs(6)));

    // Act
    const eventIds = await sendEvents(route, 30);
    await delivered(route, eventIds);

    // Assess: the breaker did open and shed deliveries; every one still arrived once.
    const shed = output
      .jsonLines()
      .filter(
        (line) =>
          line.route_id === route && (line.reason as { code?: string } | undefined)?.code === 'circuit_open',
      );
    expect(shed.length).toBeGreaterThan(0);
    expect(world.destination.requests(`/${route}`).length).toBeLessThan(30 * 2);
    expect(sideEffectsOf(route, eventIds)).toEqual(eventIds.map(() => 1));
    expect(await deadLettersOf(route)).toEqual([]);
  }, 30_000);

  it('disables a destination answering 410 Gone at once and holds its events, none dead-lettered', async () => {
    // Prepare
    const route = 'gone';
    const ref = { tenantId: TENANT, routeId: route };
    world.destination.on(`/${route}`, () => ({ status: 410 }));

    // Act
    const eventIds = await sendEvents(route, 3);
    await eventually(
      'every delivery held',
      async () => ((await endpoints.count(ref)) === eventIds.length ? true : undefined),
      10_000,
      250,
    );

    // Assess
    const health = await eventually('the health record', async () =>
      (await endpoints.get(ref))?.status === 'disabled' ? endpoints.get(ref) : undefined,
    );
    expect(health).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    // Disabled on the first answer: no delivery was tried again.
    const keys = world.destination.requests(`/${route}`).map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
    expect(await deadLettersOf(route)).toEqual([]);
    expect(notifications('endpoint.disabled', route)).toHaveLength(1);
    expect(notifications('endpoint.disabled', route)[0]).toMatchObject({ disabled_reason: 'gone' });
  });
});
