import { describe, expect, it } from 'vitest';
import {
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint as disabled,
} from '../../../../shared/delivery/health/endpoint-health.ts';
import {
  FIRST_RELEASE_BATCH,
  parseReleaseRequest,
} from '../../../../shared/delivery/health/release-request.ts';
import { disableEndpoint, enableEndpoint } from '../../../../shared/ops/endpoints/endpoint-changes.ts';
import { EndpointChangeOutputSchema } from '../../../../shared/ops/endpoints/schemas.ts';
import { NotFoundError } from '../../../../shared/ops/errors.ts';
import { AuditRecordSchema } from '../../../../shared/ops/schemas.ts';
import { endpointFakes, heldOf, NOW } from './endpoint-fakes.ts';

const ORDERS = { tenantId: 'acme', routeId: 'orders' };
const clock = () => NOW;
const fail = { ok: false as const, at: NOW - 60_000, error: 'HTTP 503', gone: false };

describe('disableEndpoint', () => {
  it('in a dry run reports the change and changes, notifies and audits nothing', async () => {
    // Arrange
    const { ports, endpoints, audit, notified } = endpointFakes();

    // Act
    const output = await disableEndpoint(ports, { ref: ORDERS, dryRun: true }, clock);

    // Assert
    expect(EndpointChangeOutputSchema.parse(output)).toMatchObject({
      dry_run: true,
      before: 'healthy',
      after: 'disabled',
      changed: true,
      notifications: ['endpoint.disabled'],
      audit_id: null,
    });
    expect(endpoints.records.size).toBe(0);
    expect(audit.records).toEqual([]);
    expect(notified).toEqual([]);
  });

  it('disables by hand, tells once, and writes who did it to the audit trail', async () => {
    // Arrange
    const { ports, endpoints, audit, notified } = endpointFakes();
    await endpoints.update(ORDERS, (h) => applyOutcomes(h, [fail], DEFAULT_HEALTH_POLICY));

    // Act
    const first = await disableEndpoint(ports, { ref: ORDERS, dryRun: false }, clock);
    const again = await disableEndpoint(ports, { ref: ORDERS, dryRun: false }, clock);

    // Assert
    expect(first).toMatchObject({ before: 'healthy', after: 'disabled', changed: true });
    expect(again).toMatchObject({ before: 'disabled', after: 'disabled', changed: false, notifications: [] });
    expect(await endpoints.get(ORDERS)).toMatchObject({
      status: 'disabled',
      disabled_reason: 'manual',
      consecutive_failures: 1,
    });
    expect(notified.map((n) => n.type)).toEqual(['endpoint.disabled']);
    expect(audit.records.map((r) => AuditRecordSchema.parse(r))).toMatchObject([
      {
        id: first.audit_id,
        who: 'tester (local)',
        command: 'endpoints disable',
        filters: { tenant_id: 'acme', route_id: 'orders' },
        outcome: 'disabled',
      },
      { command: 'endpoints disable', outcome: 'unchanged' },
    ]);
  });

  it('refuses an unknown route and changes nothing', async () => {
    // Arrange
    const { ports, endpoints, audit } = endpointFakes();

    // Act
    const run = disableEndpoint(ports, { ref: { tenantId: 'acme', routeId: 'nope' }, dryRun: false }, clock);

    // Assert
    await expect(run).rejects.toThrow(NotFoundError);
    expect(endpoints.records.size).toBe(0);
    expect(audit.records).toEqual([]);
  });
});

describe('enableEndpoint', () => {
  it('makes a disabled destination healthy and sends one release request for what it holds', async () => {
    // Arrange
    const { ports, endpoints, audit, queues } = endpointFakes();
    await endpoints.update(ORDERS, (h) => disabled(h, NOW - 3_600_000));
    await endpoints.hold(ORDERS, heldOf(1, 50));
    await endpoints.hold(ORDERS, heldOf(2, 40));

    // Act
    const output = await enableEndpoint(ports, { ref: ORDERS, dryRun: false }, clock);

    // Assert
    expect(output).toMatchObject({
      before: 'disabled',
      after: 'healthy',
      changed: true,
      release: { held: 2, since: null, sent: true, note: null },
    });
    expect(await endpoints.get(ORDERS)).toMatchObject({ status: 'healthy', disabled_reason: null });
    expect(queues.sent).toHaveLength(1);
    expect(queues.sent[0]!.url).toContain('tsunagi-local-delivery');
    expect(queues.sent[0]!.url).not.toContain('dlq');
    expect(parseReleaseRequest(queues.sent[0]!.message.body)).toEqual({
      tenant_id: 'acme',
      route_id: 'orders',
      batch: FIRST_RELEASE_BATCH,
    });
    expect(audit.records).toMatchObject([
      {
        command: 'endpoints enable',
        counts: { held: 2 },
        outcome: 'enabled',
        detail: { release_sent: 'true' },
      },
    ]);
    // Held deliveries stay until the worker delivers them.
    expect(await endpoints.count(ORDERS)).toBe(2);
  });

  it('in a dry run says what it would release and sends nothing', async () => {
    // Arrange
    const { ports, endpoints, audit, queues } = endpointFakes();
    await endpoints.update(ORDERS, (h) => disabled(h, NOW));
    await endpoints.hold(ORDERS, heldOf(1, 50));

    // Act
    const output = await enableEndpoint(ports, { ref: ORDERS, dryRun: true }, clock);

    // Assert
    expect(output).toMatchObject({ dry_run: true, after: 'healthy', release: { held: 1, sent: false } });
    expect((await endpoints.get(ORDERS))?.status).toBe('disabled');
    expect(queues.sent).toEqual([]);
    expect(audit.records).toEqual([]);
  });

  it('sends no release request when nothing is held', async () => {
    // Arrange
    const { ports, endpoints, queues } = endpointFakes();
    await endpoints.update(ORDERS, (h) => disabled(h, NOW));

    // Act
    const output = await enableEndpoint(ports, { ref: ORDERS, dryRun: false }, clock);

    // Assert
    expect(output.release).toEqual({ held: 0, since: null, sent: false, note: 'nothing is held' });
    expect(queues.sent).toEqual([]);
  });
});
