import { describe, expect, it } from 'vitest';
import {
  type AttemptOutcome,
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
  enableEndpoint,
  initialHealth,
} from '../../../../shared/delivery/health/endpoint-health.ts';

const T0 = Date.parse('2026-12-05T00:00:00.000Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const fail = (at: number, gone = false): AttemptOutcome => ({
  ok: false,
  at,
  error: 'server_error: 503',
  gone,
});
const ok = (at: number): AttemptOutcome => ({ ok: true, at });
const fresh = () => initialHealth('acme', 'orders', T0);

describe('Function: applyOutcomes', () => {
  it('stays healthy below the failing threshold and counts the failures', () => {
    // Act
    const { health, notifications } = applyOutcomes(fresh(), [fail(T0), fail(T0 + 1)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(health).toMatchObject({
      status: 'healthy',
      consecutive_failures: 2,
      failing_since: '2026-12-05T00:00:00.000Z',
      last_error: 'server_error: 503',
    });
    expect(notifications).toEqual([]);
  });

  it('becomes failing at the threshold and says so once, however many failures follow', () => {
    // Act
    const outcomes = Array.from({ length: 50 }, (_, index) => fail(T0 + index * 1_000));
    const { health, notifications } = applyOutcomes(fresh(), outcomes, DEFAULT_HEALTH_POLICY);

    // Assess
    expect(health.status).toBe('failing');
    expect(health.consecutive_failures).toBe(50);
    expect(notifications).toEqual(['endpoint.failing']);
  });

  it('disables a destination that failed for the whole period without one success', () => {
    // Prepare
    const failing = applyOutcomes(
      fresh(),
      [fail(T0), fail(T0 + 1), fail(T0 + 2)],
      DEFAULT_HEALTH_POLICY,
    ).health;

    // Act
    const before = applyOutcomes(failing, [fail(T0 + 5 * DAY - 1)], DEFAULT_HEALTH_POLICY);
    const after = applyOutcomes(before.health, [fail(T0 + 5 * DAY)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(before.health.status).toBe('failing');
    expect(before.notifications).toEqual([]);
    expect(after.health).toMatchObject({ status: 'disabled', disabled_reason: 'automatic' });
    expect(after.notifications).toEqual(['endpoint.disabled']);
  });

  it('lets one success reset the clock, and tells of the recovery', () => {
    // Prepare
    const failing = applyOutcomes(
      fresh(),
      [fail(T0), fail(T0 + 1), fail(T0 + 2)],
      DEFAULT_HEALTH_POLICY,
    ).health;

    // Act
    const recovered = applyOutcomes(failing, [ok(T0 + 4 * DAY)], DEFAULT_HEALTH_POLICY);
    const later = applyOutcomes(recovered.health, [fail(T0 + 6 * DAY)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(recovered.health).toMatchObject({
      status: 'healthy',
      consecutive_failures: 0,
      failing_since: null,
    });
    expect(recovered.notifications).toEqual(['endpoint.recovered']);
    expect(later.health).toMatchObject({ status: 'healthy', failing_since: '2026-12-11T00:00:00.000Z' });
  });

  it('disables at once on 410 Gone, with both notifications from healthy', () => {
    // Act
    const { health, notifications } = applyOutcomes(fresh(), [fail(T0, true)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(health).toMatchObject({ status: 'disabled', disabled_reason: 'gone' });
    expect(notifications).toEqual(['endpoint.failing', 'endpoint.disabled']);
  });

  it('applies outcomes in time order whatever order they arrive in', () => {
    // Act
    const { health } = applyOutcomes(fresh(), [ok(T0 + 10), fail(T0), fail(T0 + 5)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(health).toMatchObject({ status: 'healthy', consecutive_failures: 0 });
  });

  it('keeps a disabled destination disabled while failures go on, and quiet', () => {
    // Prepare
    const disabled = applyOutcomes(fresh(), [fail(T0, true)], DEFAULT_HEALTH_POLICY).health;

    // Act
    const { health, notifications } = applyOutcomes(disabled, [fail(T0 + HOUR)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(health.status).toBe('disabled');
    expect(notifications).toEqual([]);
  });

  it('never lets outcomes undo an operator disable', () => {
    // Prepare
    const disabled = disableEndpoint(fresh(), T0);

    // Act
    const { health, notifications } = applyOutcomes(disabled.health, [ok(T0 + 1)], DEFAULT_HEALTH_POLICY);

    // Assess
    expect(disabled.notifications).toEqual(['endpoint.disabled']);
    expect(health).toMatchObject({ status: 'disabled', disabled_reason: 'manual' });
    expect(notifications).toEqual([]);
  });
});

describe('Function: enableEndpoint', () => {
  it('gives a clean slate and sends nothing itself', () => {
    // Prepare
    const disabled = applyOutcomes(fresh(), [fail(T0, true)], DEFAULT_HEALTH_POLICY).health;

    // Act
    const { health, notifications } = enableEndpoint(disabled, T0 + DAY);

    // Assess
    expect(health).toMatchObject({
      status: 'healthy',
      consecutive_failures: 0,
      failing_since: null,
      disabled_at: null,
      disabled_reason: null,
      updated_at: '2026-12-06T00:00:00.000Z',
    });
    expect(notifications).toEqual([]);
  });
});
