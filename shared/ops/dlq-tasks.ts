import { recordAudit } from './audit.ts';
import { type ResolvedQueue, resolveQueue } from './dlq-queues.ts';
import { NotFoundError } from './errors.ts';
import type { DlqPorts } from './ports.ts';
import type { DlqCancelOutput, DlqStatusOutput, MoveTask } from './schemas.ts';

// `dlq status` and `dlq cancel`: a DLQ's message move tasks (native redrives).

/** The move tasks of a DLQ, newest first. */
export const moveTaskStatus = async (ports: DlqPorts, input: { queue: string }): Promise<DlqStatusOutput> => {
  const queue = await resolveQueue(ports, input.queue);
  return { target: ports.target.label, queue: queue.name, tasks: await ports.queues.moveTasks(queue.arn) };
};

export interface CancelPlan {
  readonly queue: ResolvedQueue;
  /** The running task, with its handle. */
  readonly running: MoveTask & { readonly task_handle: string };
}

/** Finds the running move task of a DLQ; throws `NotFoundError` when none runs. */
export const planCancel = async (ports: DlqPorts, input: { queue: string }): Promise<CancelPlan> => {
  const queue = await resolveQueue(ports, input.queue);
  const running = (await ports.queues.moveTasks(queue.arn)).find((task) => task.status === 'RUNNING');
  if (!running?.task_handle)
    throw new NotFoundError(`${queue.name} on ${ports.target.label}: no running move task`);
  return { queue, running: { ...running, task_handle: running.task_handle } };
};

/** Cancels the planned task (or, in a dry run, only reports it); a real cancel is audited. */
export const cancelMoveTask = async (
  ports: DlqPorts,
  plan: CancelPlan,
  input: { dryRun: boolean },
): Promise<DlqCancelOutput> => {
  const { queue, running } = plan;
  const base = { target: ports.target.label, queue: queue.name, dry_run: input.dryRun, cancelled: running };
  if (input.dryRun) return { ...base, moved_before_cancel: null, audit_id: null };
  const moved = await ports.queues.cancelMoveTask(running.task_handle);
  const audit_id = await recordAudit(ports, {
    command: 'dlq cancel',
    queue: queue.name,
    filters: {},
    counts: { moved: moved ?? running.moved },
    outcome: 'cancelled',
    detail: { task_handle: running.task_handle },
  });
  return { ...base, moved_before_cancel: moved, audit_id };
};
