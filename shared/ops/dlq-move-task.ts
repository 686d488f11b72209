import { realSleep } from './dlq-scan.ts';
import type { QueueOps } from './ports.ts';
import type { MoveTask } from './schemas.ts';

// The redrive without filters: SQS's own message move task, started and followed to its end.

export interface NativeMoveOptions {
  readonly sourceArn: string;
  /** Unset: back to each message's source queue (what SQS records as DeadLetterQueueSourceArn). */
  readonly destinationArn?: string;
  readonly ratePerSecond: number;
  readonly pollMs?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (task: MoveTask) => void;
  readonly sleep?: (ms: number) => Promise<void>;
}

const FINISHED = new Set(['COMPLETED', 'CANCELLED', 'FAILED']);

/** StartMessageMoveTask, then ListMessageMoveTasks until that task finishes (or the signal aborts the wait). */
export const moveWithTask = async (queues: QueueOps, options: NativeMoveOptions): Promise<MoveTask> => {
  const sleep = options.sleep ?? realSleep;
  const handle = await queues.startMoveTask(options.sourceArn, options.destinationArn, options.ratePerSecond);
  let last: MoveTask | undefined;
  for (;;) {
    const tasks = await queues.moveTasks(options.sourceArn);
    // The newest task is first; a stand-in without handles in the listing is matched by position.
    last = tasks.find((task) => task.task_handle === handle) ?? tasks[0] ?? last;
    if (last) options.onProgress?.(last);
    if (last && FINISHED.has(last.status)) return last;
    if (options.signal?.aborted) return last ?? emptyTask(handle, options);
    await sleep(options.pollMs ?? 1000);
  }
};

const emptyTask = (handle: string, options: NativeMoveOptions): MoveTask => ({
  task_handle: handle,
  status: 'RUNNING',
  source_arn: options.sourceArn,
  destination_arn: options.destinationArn ?? null,
  max_per_second: options.ratePerSecond,
  moved: 0,
  to_move: null,
  started_at: null,
  failure_reason: null,
});
