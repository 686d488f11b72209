import type { Clock } from '../kernel/clock.ts';
import { recordAudit } from './audit.ts';
import type { QueueDepth } from './dlq-age.ts';
import { type DlqFilter, describeFilter, hasFilter } from './dlq-message.ts';
import { moveWithTask } from './dlq-move-task.ts';
import { type FilteredMoveResult, moveFiltered } from './dlq-operations.ts';
import { type DlqProgress, moveOutcome, scanProgress } from './dlq-progress.ts';
import { depthOf, type ResolvedQueue, resolveQueue, sourceOf } from './dlq-queues.ts';
import type { DlqPorts } from './ports.ts';
import type { DlqRedriveOutput, MoveTask } from './schemas.ts';

/**
 * `dlq redrive`: without filters SQS's own move task, followed to its end; with filters send-then-delete of
 * the matching messages (dlq-operations.ts). Planned first, so the operator confirms what will run.
 */

export interface RedriveInput {
  /** The DLQ: an alias or a queue name. */
  readonly queue: string;
  /** Where to; default the DLQ's source queue (filtered) or each message's source queue (move task). */
  readonly to?: string;
  readonly filter: DlqFilter;
  readonly ratePerSecond: number;
  readonly dryRun: boolean;
}

export interface RedrivePlan {
  readonly input: RedriveInput;
  readonly queue: ResolvedQueue;
  readonly destination: ResolvedQueue | null;
  /** The destination's name, or what a move task without one does. */
  readonly destinationLabel: string;
  readonly depth: QueueDepth;
  readonly mode: 'filtered' | 'move_task';
  /** When planning began, for `elapsed_ms`. */
  readonly startedAt: number;
}

export interface RunOptions {
  /** Aborting stops after the message in hand (filtered), or stops following the task (move task). */
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: DlqProgress) => void;
  readonly clock?: Clock;
}

/** The result, and per-message errors of a filtered move (each message still in the DLQ, or in both). */
export interface RedriveResult {
  readonly output: DlqRedriveOutput;
  readonly errors: readonly string[];
}

/** Resolves the DLQ and its destination and reads its depth; changes nothing. */
export const planRedrive = async (
  ports: DlqPorts,
  input: RedriveInput,
  clock: Clock = Date.now,
): Promise<RedrivePlan> => {
  const startedAt = clock();
  const queue = await resolveQueue(ports, input.queue);
  const depth = await depthOf(ports, queue.url);
  const filtered = hasFilter(input.filter);
  const destination = filtered || input.to !== undefined ? await sourceOf(ports, queue, input.to) : null;
  const destinationLabel = destination?.name ?? '(each message’s source queue)';
  return {
    input,
    queue,
    destination,
    destinationLabel,
    depth,
    mode: filtered ? 'filtered' : 'move_task',
    startedAt,
  };
};

const outputBase = (ports: DlqPorts, plan: RedrivePlan) => ({
  target: ports.target.label,
  queue: plan.queue.name,
  destination: plan.destinationLabel,
  mode: plan.mode,
  dry_run: plan.input.dryRun,
  rate_per_second: plan.input.ratePerSecond,
  filter: describeFilter(plan.input.filter),
});

const taskOutcome = (task: MoveTask): DlqRedriveOutput['outcome'] => {
  if (task.status === 'COMPLETED') return 'completed';
  if (task.status === 'CANCELLED') return 'cancelled';
  return task.status === 'FAILED' ? 'failed' : 'interrupted';
};

const runMoveTask = async (ports: DlqPorts, plan: RedrivePlan, options: RunOptions, clock: Clock) => {
  const rate = plan.input.ratePerSecond;
  const task = await moveWithTask(ports.queues, {
    sourceArn: plan.queue.arn,
    destinationArn: plan.destination?.arn,
    ratePerSecond: rate,
    signal: options.signal,
    onProgress: (current) => {
      const total = Math.max(current.to_move ?? plan.depth.visible, current.moved);
      options.onProgress?.({ kind: 'move_task', moved: current.moved, total, status: current.status });
    },
  });
  const counts = { matched: task.to_move ?? task.moved, moved: task.moved, skipped: 0, failed: 0 };
  const outcome = taskOutcome(task);
  const audit_id = await recordAudit(
    ports,
    {
      command: 'dlq redrive',
      queue: plan.queue.name,
      filters: describeFilter(plan.input.filter),
      counts,
      outcome,
      detail: {
        mode: 'move_task',
        destination: plan.destinationLabel,
        rate_per_second: String(rate),
        task_handle: task.task_handle ?? '',
        ...(task.failure_reason ? { failure_reason: task.failure_reason } : {}),
      },
    },
    clock,
  );
  return { counts, outcome, task, would_move: [], elapsed_ms: clock() - plan.startedAt, audit_id };
};

/**
 * The filtered redrive exactly as `dlq redrive <queue> <filters>` runs it over the target's ports: its queues,
 * its failure lookup and its scan settings (the benchmark calls this too, so it measures what operators run).
 */
export const redriveMatching = (
  ports: DlqPorts,
  from: ResolvedQueue,
  to: ResolvedQueue,
  options: { filter: DlqFilter; ratePerSecond: number; dryRun: boolean } & Pick<
    Parameters<typeof moveFiltered>[3],
    'signal' | 'onProgress'
  >,
): Promise<FilteredMoveResult> =>
  moveFiltered(ports.queues, from.url, to.url, {
    ...options,
    failures: ports.failures,
    emptyReceivesToStop: ports.emptyReceivesToStop,
  });

const runFiltered = async (ports: DlqPorts, plan: RedrivePlan, options: RunOptions, clock: Clock) => {
  const { filter, ratePerSecond, dryRun } = plan.input;
  const result = await redriveMatching(ports, plan.queue, plan.destination!, {
    filter,
    ratePerSecond,
    dryRun,
    signal: options.signal,
    onProgress: ({ counts }) => options.onProgress?.(scanProgress(counts, plan.depth.visible, dryRun)),
  });
  const outcome = moveOutcome(dryRun, result);
  const audit_id = dryRun
    ? null
    : await recordAudit(
        ports,
        {
          command: 'dlq redrive',
          queue: plan.queue.name,
          filters: describeFilter(filter),
          counts: result.counts,
          outcome,
          detail: {
            mode: 'filtered',
            destination: plan.destinationLabel,
            rate_per_second: String(ratePerSecond),
          },
        },
        clock,
      );
  const output = {
    counts: result.counts,
    outcome,
    task: null,
    would_move: result.wouldMove,
    elapsed_ms: clock() - plan.startedAt,
    audit_id,
  };
  return { output, errors: result.errors };
};

/** Runs a planned redrive and writes its audit record (none for a dry run). */
export const runRedrive = async (
  ports: DlqPorts,
  plan: RedrivePlan,
  options: RunOptions = {},
): Promise<RedriveResult> => {
  const clock = options.clock ?? Date.now;
  const base = outputBase(ports, plan);
  if (plan.mode === 'move_task' && plan.input.dryRun) {
    // A move task cannot preview itself: what would move is what the DLQ holds.
    const counts = { matched: plan.depth.visible, moved: 0, skipped: 0, failed: 0 };
    const elapsed_ms = clock() - plan.startedAt;
    const output = { ...base, counts, outcome: 'dry_run' as const, task: null, would_move: [], elapsed_ms };
    return { output: { ...output, audit_id: null }, errors: [] };
  }
  if (plan.mode === 'move_task')
    return { output: { ...base, ...(await runMoveTask(ports, plan, options, clock)) }, errors: [] };
  const { output, errors } = await runFiltered(ports, plan, options, clock);
  return { output: { ...base, ...output }, errors };
};
