import { describe, expect, it } from 'vitest';
import { DEFAULT_HEALTH_POLICY } from '../../../../shared/delivery/health/endpoint-health.ts';
import { HealthMonitor } from '../../../../shared/delivery/health/monitor.ts';
import type { EndpointNotification } from '../../../../shared/delivery/health/ports.ts';
import { MemoryEndpoints } from './memory-endpoints.ts';

const ref = { tenantId: 'acme', routeId: 'orders' };
const fail = (at: number, gone = false) => ({ ok: false as const, at, error: 'server_error: 503', gone });

const setup = () => {
  let now = Date.parse('2026-12-07T00:00:00.000Z');
  const store = new MemoryEndpoints(() => now);
  const sent: EndpointNotification[] = [];
  const errors: string[] = [];
  const monitor = new HealthMonitor({
    store,
    notifier: { notify: async (n) => void sent.push(n) },
    policy: DEFAULT_HEALTH_POLICY,
    clock: () => now,
    cacheMs: 1_000,
    onError: (what) => void errors.push(what),
  });
  return { store, sent, errors, monitor, advance: (ms: number) => (now += ms), now: () => now };
};

describe('Class: HealthMonitor', () => {
  it('writes nothing for successes on a destination known to be healthy', async () => {
    // Prepare
    const { store, monitor, now } = setup();
    await monitor.isDisabled(ref);

    // Act
    monitor.record(ref, { ok: true, at: now() });
    monitor.record(ref, { ok: true, at: now() });
    const transitions = await monitor.flush();

    // Assess
    expect(transitions).toEqual([]);
    expect(store.writes).toBe(0);
    expect(store.reads).toBe(1);
  });

  it('applies a batch of failures in one write and notifies the change once', async () => {
    // Prepare
    const { store, sent, monitor, now } = setup();
    await monitor.isDisabled(ref);

    // Act
    for (let i = 0; i < 5; i++) monitor.record(ref, fail(now() + i));
    const transitions = await monitor.flush();

    // Assess
    expect(store.writes).toBe(1);
    expect(transitions).toHaveLength(1);
    expect(transitions[0]?.health).toMatchObject({ status: 'failing', consecutive_failures: 5 });
    expect(sent.map((n) => n.type)).toEqual(['endpoint.failing']);
  });

  it('disables at once on 410 Gone, and answers disabled from its cache without another read', async () => {
    // Prepare
    const { store, sent, monitor, now } = setup();
    await monitor.isDisabled(ref);

    // Act
    monitor.record(ref, fail(now(), true));
    await monitor.flush();
    const reads = store.reads;
    const disabled = await monitor.isDisabled(ref);

    // Assess
    expect(disabled).toBe(true);
    expect(store.reads).toBe(reads);
    expect(sent.map((n) => n.type)).toEqual(['endpoint.failing', 'endpoint.disabled']);
  });

  it('reads again once its cache is older than cacheMs, so an enable elsewhere is seen', async () => {
    // Prepare
    const { store, monitor, now, advance } = setup();
    monitor.record(ref, fail(now(), true));
    await monitor.flush();
    const stored = store.records.get('acme/orders');
    if (stored) store.records.set('acme/orders', { ...stored, status: 'healthy' });

    // Act
    const before = await monitor.isDisabled(ref);
    advance(1_001);
    const after = await monitor.isDisabled(ref);

    // Assess
    expect(before).toBe(true);
    expect(after).toBe(false);
  });

  it('tells of recovery when a failing destination succeeds, whatever its cache said', async () => {
    // Prepare
    const { sent, monitor, now } = setup();
    for (let i = 0; i < 3; i++) monitor.record(ref, fail(now() + i));
    await monitor.flush();

    // Act
    monitor.record(ref, { ok: true, at: now() + 10 });
    const transitions = await monitor.flush();

    // Assess
    expect(transitions[0]?.health).toMatchObject({ status: 'healthy', consecutive_failures: 0 });
    expect(sent.map((n) => n.type)).toEqual(['endpoint.failing', 'endpoint.recovered']);
  });

  it('keeps delivering when the store fails: not disabled, the error reported', async () => {
    // Prepare
    const { store, errors, monitor, now } = setup();
    store.failing = true;

    // Act
    const disabled = await monitor.isDisabled(ref);
    monitor.record(ref, fail(now()));
    const transitions = await monitor.flush();

    // Assess
    expect(disabled).toBe(false);
    expect(transitions).toEqual([]);
    expect(errors).toEqual([
      'endpoint health could not be read',
      expect.stringMatching(/^endpoint health could not be updated: .*slow down/),
    ]);
  });
});
