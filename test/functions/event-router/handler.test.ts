import type { Metrics } from '@aws-lambda-powertools/metrics';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeliveryMessageSchema } from '../../../shared/delivery/delivery-message.ts';
import type { EventEnvelope } from '../../../shared/webhooks/envelope.ts';
import { acme, dormant, envelope } from '../../shared/routing/fixtures.ts';
import { type CapturedOutput, captureOutput } from '../../support/capture-output.ts';
import { type RouterHandler, type RouterStandIns, startRouterStandIns } from './router-harness.ts';

describe('Function: event-router', () => {
  let standIns: RouterStandIns;
  let handler: RouterHandler;
  let metrics: Metrics;
  let output: CapturedOutput;

  const invoke = (bodies: readonly (EventEnvelope | string)[]) => standIns.invoke(handler, bodies);
  const drainDeliveries = () => standIns.drainDeliveries();

  const counted = (spy: { mock: { calls: unknown[][] } }) =>
    spy.mock.calls.map(([name, , value]) => [name, value]);

  const logLines = () => output.jsonLines();

  beforeAll(async () => {
    standIns = await startRouterStandIns([acme(), dormant()]);
    for (const [name, value] of Object.entries(standIns.env)) vi.stubEnv(name, value);
    vi.resetModules();
    ({ handler } = await import('../../../functions/event-router/handler.ts'));
    ({ metrics } = await import('../../../functions/event-router/telemetry.ts'));
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

  it('turns one event with two matching routes into two delivery messages and a routing record', async () => {
    // Prepare
    const event = envelope({ event_id: 'evt_two_routes', provider_event_id: 'pe_two_routes' });
    const addMetric = vi.spyOn(metrics, 'addMetric');

    // Act
    const { response } = await invoke([event]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    const deliveries = (await drainDeliveries()).map((m) => DeliveryMessageSchema.parse(JSON.parse(m.Body!)));
    expect(deliveries.map((d) => d.delivery_id).sort()).toEqual([
      'evt_two_routes:all-stripe-by-mail',
      'evt_two_routes:payments-to-backend',
    ]);
    expect(deliveries.every((d) => d.event.event_id === 'evt_two_routes')).toBe(true);
    expect((await standIns.log.getJourney('evt_two_routes')).routing).toMatchObject({
      route_ids: ['payments-to-backend', 'all-stripe-by-mail'],
      duplicate_of: null,
    });
    const lines = logLines();
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((line) => line.trace_id === event.trace_id)).toBe(true);
    expect(lines).toContainEqual(
      expect.objectContaining({ message: 'event routed', event_id: 'evt_two_routes' }),
    );
    expect(counted(addMetric)).toEqual([
      ['EventsRouted', 1],
      ['DeliveriesEnqueued', 2],
    ]);
  });

  it('delivers once when the provider redelivers an event under a new platform event id', async () => {
    // Prepare
    const first = envelope({ event_id: 'evt_original', provider_event_id: 'pe_redelivered' });
    const redelivery = envelope({
      event_id: 'evt_redelivery',
      provider_event_id: 'pe_redelivered',
      trace_id: 'e'.repeat(32),
    });
    await invoke([first]);
    await drainDeliveries();
    const addMetric = vi.spyOn(metrics, 'addMetric');

    // Act
    const { response } = await invoke([redelivery]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await drainDeliveries()).toEqual([]);
    expect((await standIns.log.getJourney('evt_redelivery')).routing).toMatchObject({
      route_ids: [],
      duplicate_of: 'evt_original',
      trace_id: 'e'.repeat(32),
    });
    expect(logLines()).toContainEqual(
      expect.objectContaining({ message: expect.stringContaining('duplicate'), trace_id: 'e'.repeat(32) }),
    );
    expect(counted(addMetric)).toEqual([['DuplicateEvents', 1]]);
  });

  it('delivers once when both copies of a provider event arrive in one batch', async () => {
    // Prepare
    const copies = ['evt_copy_a', 'evt_copy_b'].map((id) =>
      envelope({ event_id: id, provider_event_id: 'pe_same_batch' }),
    );

    // Act: the copy that loses the race is handed back (in progress) and settles on its retry.
    const { response, messages } = await invoke(copies);
    const retry = messages.filter((m) =>
      response.batchItemFailures.some((f) => f.itemIdentifier === m.MessageId),
    );
    const bodies = retry.map((m) => JSON.parse(m.Body!) as EventEnvelope);
    const retried = bodies.length > 0 ? (await invoke(bodies)).response : { batchItemFailures: [] };

    // Assess
    expect(response.batchItemFailures.length).toBeLessThanOrEqual(1);
    expect(retried).toEqual({ batchItemFailures: [] });
    expect(await drainDeliveries()).toHaveLength(2);
    const records = await Promise.all(
      copies.map(async (c) => (await standIns.log.getJourney(c.event_id)).routing),
    );
    expect(records.filter((r) => r?.duplicate_of !== null)).toHaveLength(1);
  });

  it('records an unrouted event without sending anything', async () => {
    // Prepare
    const unknownTenant = envelope({
      event_id: 'evt_ghost',
      tenant_id: 'ghost',
      provider_event_id: 'pe_ghost',
    });
    const suspended = envelope({
      event_id: 'evt_dormant',
      tenant_id: 'dormant',
      provider_event_id: 'pe_dormant',
    });

    // Act
    const { response } = await invoke([unknownTenant, suspended]);

    // Assess
    expect(response).toEqual({ batchItemFailures: [] });
    expect(await drainDeliveries()).toEqual([]);
    expect((await standIns.log.getJourney('evt_ghost')).routing).toMatchObject({
      tenant_id: 'ghost',
      route_ids: [],
    });
    expect((await standIns.log.getJourney('evt_dormant')).routing).toMatchObject({
      tenant_id: 'dormant',
      route_ids: [],
    });
    expect(
      logLines()
        .filter((l) => l.message === 'event unrouted')
        .map((l) => l.reason)
        .sort(),
    ).toEqual(['tenant_suspended', 'unknown_tenant']);
  });

  it('fails a poison record alone while the rest of its batch is routed', async () => {
    // Prepare
    const good = envelope({ event_id: 'evt_good', provider_event_id: 'pe_good' });
    const badVersion = JSON.stringify({ ...envelope({ event_id: 'evt_bad' }), version: 9 });

    // Act
    const { response, messages } = await invoke([good, 'not json at all', badVersion]);

    // Assess
    const poisonIds = messages.filter((m) => !m.Body!.includes('evt_good')).map((m) => m.MessageId);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(poisonIds.sort());
    expect(await drainDeliveries()).toHaveLength(2);
    const errors = logLines().filter((l) => l.level === 'ERROR');
    expect(errors).toHaveLength(2);
    expect(errors).toContainEqual(
      expect.objectContaining({
        message: expect.stringContaining('invalid envelope'),
        event_id: 'evt_bad',
        trace_id: envelope().trace_id,
        problems: ['version: invalid_value (expected one of 1)'],
      }),
    );
  });
});
