import { describe, expect, it } from 'vitest';
import { disableEndpoint } from '../../../../shared/delivery/health/endpoint-health.ts';
import { parseReleaseRequest } from '../../../../shared/delivery/health/release-request.ts';
import { recoverEndpoint } from '../../../../shared/ops/endpoints/endpoint-recover.ts';
import { EndpointChangeOutputSchema } from '../../../../shared/ops/endpoints/schemas.ts';
import { ago, deadLetterOf, endpointFakes, heldOf, NOW } from './endpoint-fakes.ts';

const ORDERS = { tenantId: 'acme', routeId: 'orders' };
const SINCE = new Date(NOW - 60 * 60_000);
const options = { clock: () => NOW };

/** acme/orders dead letters 30 and 90 minutes old, one of acme/billing and one of globex; two held. */
const outage = async () => {
  const fakes = endpointFakes();
  fakes.deliveryDlq.messages.push(
    deadLetterOf(1, 'acme', 'orders', 30),
    deadLetterOf(2, 'acme', 'orders', 90),
    deadLetterOf(3, 'acme', 'billing', 30),
    deadLetterOf(4, 'globex', 'orders', 30),
  );
  await fakes.endpoints.hold(ORDERS, heldOf(5, 20));
  await fakes.endpoints.hold(ORDERS, heldOf(6, 120));
  return fakes;
};

const input = (dryRun: boolean) => ({ ref: ORDERS, since: SINCE, dryRun, ratePerSecond: 500 });

describe('recoverEndpoint', () => {
  it('in a dry run lists what would be re-sent and moves, sends and audits nothing', async () => {
    // Arrange
    const { ports, queues, audit, deliveryDlq } = await outage();

    // Act
    const output = EndpointChangeOutputSchema.parse(await recoverEndpoint(ports, input(true), options));

    // Assert
    expect(output).toMatchObject({
      dry_run: true,
      changed: false,
      release: { held: 1, since: SINCE.toISOString(), sent: false, note: null },
      dead_letters: { queue: 'tsunagi-local-delivery-dlq', outcome: 'dry_run', counts: { matched: 1 } },
      audit_id: null,
    });
    expect(output.dead_letters?.would_move).toEqual([{ message_id: 'm1', event_id: 'evt_1' }]);
    expect(queues.sent).toEqual([]);
    expect(deliveryDlq.messages).toHaveLength(4);
    expect(audit.records).toEqual([]);
  });

  it('re-sends the destination’s dead letters since then unchanged, releases what it held since then, once', async () => {
    // Arrange
    const { ports, queues, audit, deliveryDlq } = await outage();
    const original = deliveryDlq.messages[0]!;

    // Act
    const first = await recoverEndpoint(ports, input(false), options);
    const second = await recoverEndpoint(ports, input(false), options);

    // Assert
    expect(first).toMatchObject({
      changed: true,
      dead_letters: { outcome: 'completed', counts: { matched: 1, moved: 1, failed: 0 } },
      release: { held: 1, sent: true },
    });
    const [redriven, release] = queues.sent;
    expect(redriven!.url).toMatch(/tsunagi-local-delivery$/);
    expect(redriven!.message.body).toBe(original.body);
    expect(parseReleaseRequest(release!.message.body)).toMatchObject({
      tenant_id: 'acme',
      route_id: 'orders',
      since: SINCE.toISOString(),
    });
    // The older dead letter and the other destinations' stay.
    expect(deliveryDlq.messages.map((m) => m.messageId)).toEqual(['m2', 'm3', 'm4']);
    // Re-sent once: the second run finds no dead letter (its release request is as harmless as the first).
    expect(second.dead_letters?.counts.moved).toBe(0);
    expect(audit.records[0]).toMatchObject({
      command: 'endpoints recover',
      queue: 'tsunagi-local-delivery-dlq',
      filters: { tenant_id: 'acme', route_id: 'orders', since: SINCE.toISOString() },
      counts: { matched: 1, moved: 1, held: 1 },
      outcome: 'completed',
    });
  });

  it('leaves a disabled destination’s held deliveries held, and says so', async () => {
    // Arrange
    const { ports, queues, endpoints } = await outage();
    await endpoints.update(ORDERS, (h) => disableEndpoint(h, NOW));

    // Act
    const output = await recoverEndpoint(ports, input(false), options);

    // Assert
    expect(output.release).toMatchObject({ held: 1, sent: false });
    expect(output.release?.note).toContain('disabled');
    expect(queues.sent.map((s) => parseReleaseRequest(s.message.body))).toEqual([null]);
    expect(await endpoints.count(ORDERS, ago(60))).toBe(1);
  });
});
