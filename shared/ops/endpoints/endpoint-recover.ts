import type { EndpointRef } from '../../delivery/health/ports.ts';
import type { Clock } from '../../kernel/clock.ts';
import { recordAudit } from '../audit.ts';
import type { DlqFilter } from '../dlq-message.ts';
import { type DlqProgress, moveOutcome, scanProgress } from '../dlq-progress.ts';
import { depthOf, resolveQueue } from '../dlq-queues.ts';
import { redriveMatching } from '../dlq-redrive.ts';
import { sendReleaseRequest } from './endpoint-changes.ts';
import type { EndpointOpsPorts } from './ports.ts';
import { resolveEndpoint } from './resolve.ts';
import type { EndpointChangeOutput } from './schemas.ts';

/**
 * `endpoints recover <tenant> <route> --since <time>`: re-sends what the destination lost since then, once
 * each and unchanged (same delivery ids, so the worker's idempotency still holds):
 * - its delivery-DLQ messages that failed since then go back to the delivery queue (send, then delete: the
 *   DLQ tools' filtered redrive), and
 * - its deliveries held since then are released, oldest first, by a release request with that `since`.
 * While the destination is disabled, its held deliveries stay held (enable releases them) and what comes back
 * from the DLQ is held again behind them, in order of receipt.
 */

export interface RecoverInput {
  readonly ref: EndpointRef;
  readonly since: Date;
  readonly dryRun: boolean;
  /** Dead letters per second (default 10). */
  readonly ratePerSecond?: number;
}

export interface RecoverOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DlqProgress) => void;
  readonly clock?: Clock;
}

export const DELIVERY_DLQ = 'delivery-dlq';

export const recoverEndpoint = async (
  ports: EndpointOpsPorts,
  input: RecoverInput,
  options: RecoverOptions = {},
): Promise<EndpointChangeOutput> => {
  const clock = options.clock ?? Date.now;
  const { ref, dryRun } = input;
  const since = input.since.toISOString();
  const { health } = await resolveEndpoint(ports, ref);
  const status = health?.status ?? 'healthy';
  const [dlq, delivery, held] = await Promise.all([
    resolveQueue(ports, DELIVERY_DLQ),
    resolveQueue(ports, 'delivery'),
    ports.held.count(ref, since),
  ]);
  const depth = await depthOf(ports, dlq.url);
  const filter: DlqFilter = { tenantId: ref.tenantId, routeId: ref.routeId, since: input.since };
  const moved = await redriveMatching(ports, dlq, delivery, {
    filter,
    ratePerSecond: input.ratePerSecond ?? 10,
    dryRun,
    signal: options.signal,
    onProgress: ({ counts }) => options.onProgress?.(scanProgress(counts, depth.visible, dryRun)),
  });
  const note =
    held === 0
      ? 'nothing is held since then'
      : status === 'disabled'
        ? 'the destination is disabled: what it holds stays held until `endpoints enable`'
        : null;
  const release = held > 0 && status !== 'disabled';
  if (release && !dryRun) await sendReleaseRequest(ports, ref, since);
  const outcome = moveOutcome(dryRun, moved);
  const detail = { tenant_id: ref.tenantId, route_id: ref.routeId, since };
  const audit_id = dryRun
    ? null
    : await recordAudit(
        ports,
        {
          command: 'endpoints recover',
          queue: dlq.name,
          filters: detail,
          counts: { ...moved.counts, held },
          outcome,
          detail: { status, release_sent: String(release), destination: delivery.name },
        },
        clock,
      );
  return {
    target: ports.target.label,
    command: 'endpoints recover',
    tenant_id: ref.tenantId,
    route_id: ref.routeId,
    dry_run: dryRun,
    before: status,
    after: status,
    changed: !dryRun && (moved.counts.moved > 0 || release),
    release: { held, since, sent: release && !dryRun, note },
    dead_letters: {
      queue: dlq.name,
      outcome,
      counts: moved.counts,
      would_move: moved.wouldMove,
      errors: [...moved.errors],
    },
    notifications: [],
    audit_id,
  };
};
