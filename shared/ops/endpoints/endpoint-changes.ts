import {
  disableEndpoint as disabled,
  type EndpointHealth,
  enableEndpoint as enabled,
  type HealthChange,
  initialHealth,
} from '../../delivery/health/endpoint-health.ts';
import type { EndpointRef } from '../../delivery/health/ports.ts';
import { FIRST_RELEASE_BATCH, releaseRequestBody } from '../../delivery/health/release-request.ts';
import type { Clock } from '../../kernel/clock.ts';
import { recordAudit } from '../audit.ts';
import { resolveQueue } from '../dlq-queues.ts';
import type { DlqPorts } from '../ports.ts';
import type { EndpointOpsPorts } from './ports.ts';
import { resolveEndpoint } from './resolve.ts';
import type { EndpointChangeOutput } from './schemas.ts';

/**
 * `endpoints disable` and `endpoints enable`: an operator's change of a destination's state, written to the
 * audit trail. Enable also sends the release request (release-request.ts) that makes the delivery worker
 * deliver what the destination holds, oldest first, at a ramped pace. A dry run reads and reports, and
 * changes nothing.
 */

export interface EndpointChangeInput {
  readonly ref: EndpointRef;
  readonly dryRun: boolean;
}

type ChangePorts = EndpointOpsPorts;

/** Sends a release request for the destination onto the delivery queue. */
export const sendReleaseRequest = async (
  ports: DlqPorts,
  ref: EndpointRef,
  since?: string,
): Promise<void> => {
  const queue = await resolveQueue(ports, 'delivery');
  await ports.queues.send(queue.url, {
    messageId: '',
    receiptHandle: '',
    body: releaseRequestBody(ref, FIRST_RELEASE_BATCH, since),
    attributes: {},
    systemAttributes: {},
  });
};

const refDetail = (ref: EndpointRef) => ({ tenant_id: ref.tenantId, route_id: ref.routeId });

const current = (ref: EndpointRef, health: EndpointHealth | null, now: number): EndpointHealth =>
  health ?? initialHealth(ref.tenantId, ref.routeId, now);

/** The change a command makes, computed on the record as read (a dry run) or inside the conditional update. */
const applyChange = async (
  ports: ChangePorts,
  input: EndpointChangeInput,
  change: (health: EndpointHealth, now: number) => HealthChange,
  clock: Clock,
): Promise<{ before: EndpointHealth; after: HealthChange }> => {
  const { health } = await resolveEndpoint(ports, input.ref);
  const before = current(input.ref, health, clock());
  if (input.dryRun) return { before, after: change(before, clock()) };
  let seen = before;
  const after = await ports.health.update(input.ref, (stored) => {
    seen = stored;
    return change(stored, clock());
  });
  return { before: seen, after };
};

const notifyAll = async (ports: ChangePorts, change: HealthChange, clock: Clock): Promise<string[]> => {
  if (!ports.notifier) return [];
  const at = new Date(clock()).toISOString();
  for (const type of change.notifications) await ports.notifier.notify({ type, health: change.health, at });
  return [...change.notifications];
};

/** `endpoints disable`: held from now on, whatever its attempts say, until an operator enables it. */
export const disableEndpoint = async (
  ports: ChangePorts,
  input: EndpointChangeInput,
  clock: Clock = Date.now,
): Promise<EndpointChangeOutput> => {
  const { before, after } = await applyChange(ports, input, disabled, clock);
  const changed = before.status !== 'disabled' || before.disabled_reason !== 'manual';
  const notifications = input.dryRun ? [...after.notifications] : await notifyAll(ports, after, clock);
  const audit_id = input.dryRun
    ? null
    : await recordAudit(
        ports,
        {
          command: 'endpoints disable',
          queue: '',
          filters: refDetail(input.ref),
          counts: {},
          outcome: changed ? 'disabled' : 'unchanged',
          detail: { before: before.status, after: after.health.status },
        },
        clock,
      );
  return {
    target: ports.target.label,
    command: 'endpoints disable',
    ...refDetail(input.ref),
    dry_run: input.dryRun,
    before: before.status,
    after: after.health.status,
    changed,
    release: null,
    dead_letters: null,
    notifications,
    audit_id,
  };
};

/**
 * `endpoints enable`: healthy with a clean slate, then a release request for whatever it holds, so the held
 * deliveries drain in order of receipt (the worker re-reads the record, so it sees this enable at once).
 */
export const enableEndpoint = async (
  ports: ChangePorts,
  input: EndpointChangeInput,
  clock: Clock = Date.now,
): Promise<EndpointChangeOutput> => {
  const { before, after } = await applyChange(ports, input, enabled, clock);
  const held = await ports.held.count(input.ref);
  const sent = !input.dryRun && held > 0;
  if (sent) await sendReleaseRequest(ports, input.ref);
  const changed = before.status !== 'healthy' || before.consecutive_failures > 0;
  const audit_id = input.dryRun
    ? null
    : await recordAudit(
        ports,
        {
          command: 'endpoints enable',
          queue: sent ? 'delivery' : '',
          filters: refDetail(input.ref),
          counts: { held },
          outcome: changed ? 'enabled' : 'unchanged',
          detail: { before: before.status, after: after.health.status, release_sent: String(sent) },
        },
        clock,
      );
  return {
    target: ports.target.label,
    command: 'endpoints enable',
    ...refDetail(input.ref),
    dry_run: input.dryRun,
    before: before.status,
    after: after.health.status,
    changed,
    release: { held, since: null, sent, note: held === 0 ? 'nothing is held' : null },
    dead_letters: null,
    notifications: [],
    audit_id,
  };
};
