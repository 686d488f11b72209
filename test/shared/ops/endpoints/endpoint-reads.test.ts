import { describe, expect, it } from 'vitest';
import {
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
} from '../../../../shared/delivery/health/endpoint-health.ts';
import { listEndpoints, showEndpoint } from '../../../../shared/ops/endpoints/endpoint-reads.ts';
import { EndpointShowOutputSchema } from '../../../../shared/ops/endpoints/schemas.ts';
import { NotFoundError } from '../../../../shared/ops/errors.ts';
import { ago, endpointFakes, heldOf, NOW } from './endpoint-fakes.ts';

const ORDERS = { tenantId: 'acme', routeId: 'orders' };
const failures = (n: number) =>
  Array.from({ length: n }, (_, i) => ({
    ok: false as const,
    at: NOW - (n - i) * 60_000,
    error: 'HTTP 503',
    gone: false,
  }));

const seeded = async () => {
  const fakes = endpointFakes();
  await fakes.endpoints.update(ORDERS, (h) => applyOutcomes(h, failures(4), DEFAULT_HEALTH_POLICY));
  await fakes.endpoints.update({ tenantId: 'globex', routeId: 'crm' }, (h) => disableEndpoint(h, NOW));
  await fakes.endpoints.hold(ORDERS, heldOf(8, 30));
  await fakes.endpoints.hold(ORDERS, heldOf(9, 40));
  return fakes;
};

describe('listEndpoints', () => {
  it('lists every recorded destination in tenant and route order with its held count', async () => {
    // Arrange
    const { ports } = await seeded();

    // Act
    const output = await listEndpoints(ports, {});

    // Assert
    expect(output.endpoints.map((e) => [e.tenant_id, e.route_id, e.status, e.held])).toEqual([
      ['acme', 'orders', 'failing', 2],
      ['globex', 'crm', 'disabled', 0],
    ]);
    expect(output.filter).toEqual({});
  });

  it('filters by tenant and by status', async () => {
    // Arrange
    const { ports } = await seeded();

    // Act
    const acme = await listEndpoints(ports, { tenantId: 'acme' });
    const disabled = await listEndpoints(ports, { status: 'disabled' });
    const none = await listEndpoints(ports, { tenantId: 'acme', status: 'disabled' });

    // Assert
    expect(acme.endpoints.map((e) => e.route_id)).toEqual(['orders']);
    expect(disabled.endpoints.map((e) => e.tenant_id)).toEqual(['globex']);
    expect(none).toMatchObject({ endpoints: [], filter: { tenant_id: 'acme', status: 'disabled' } });
  });
});

describe('showEndpoint', () => {
  it('shows health, the held count and oldest held, and the route’s recent attempts newest first', async () => {
    // Arrange
    const { ports } = await seeded();

    // Act
    const output = EndpointShowOutputSchema.parse(await showEndpoint(ports, ORDERS));

    // Assert
    expect(output.recorded).toBe(true);
    expect(output.health).toMatchObject({
      status: 'failing',
      consecutive_failures: 4,
      failing_since: ago(4),
      last_error: 'HTTP 503',
    });
    expect(output.held).toEqual({
      count: 2,
      oldest: { delivery_id: 'evt_9:orders', event_id: 'evt_9', received_at: ago(40), held_at: ago(40) },
    });
    // evt_4 went to acme's other route: not this destination's attempt.
    expect(output.recent_attempts.map((a) => [a.event_id, a.status, a.last_status])).toEqual([
      ['evt_1', 'retrying', 503],
      ['evt_2', 'delivered', 200],
      ['evt_3', 'delivered', 200],
    ]);
    expect(output.recent_attempts[0]).toMatchObject({
      error: 'http_5xx: HTTP 503',
      next_attempt_at: ago(-4),
    });
  });

  it('shows a declared destination that never failed as healthy and not recorded', async () => {
    // Arrange
    const { ports } = await seeded();

    // Act
    const output = await showEndpoint(ports, { tenantId: 'acme', routeId: 'billing' }, { clock: () => NOW });

    // Assert
    expect(output).toMatchObject({ recorded: false, health: { status: 'healthy' }, held: { count: 0 } });
    expect(output.recent_attempts.map((a) => a.event_id)).toEqual(['evt_4']);
  });

  it('refuses an unknown tenant, and an unknown route naming the tenant’s routes', async () => {
    // Arrange
    const { ports } = await seeded();

    // Act
    const tenant = showEndpoint(ports, { tenantId: 'initech', routeId: 'orders' });
    const route = showEndpoint(ports, { tenantId: 'acme', routeId: 'payroll' });

    // Assert
    await expect(tenant).rejects.toThrow(NotFoundError);
    await expect(tenant).rejects.toThrow('no tenant "initech"');
    await expect(route).rejects.toThrow('tenant "acme" has no route "payroll" (its routes: orders, billing)');
  });
});
