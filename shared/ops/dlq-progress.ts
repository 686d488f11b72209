import type { MoveCounts } from './schemas.ts';

/**
 * Progress of a long DLQ operation, as `onProgress` reports it. `total` is the queue's depth when it started,
 * raised to what was read when more arrived meanwhile, so `done` never exceeds it.
 */
export type DlqProgress =
  | {
      /** A scan: each message read is either matched (and moved, archived, or in a dry run counted) or skipped. */
      readonly kind: 'scan';
      readonly read: number;
      readonly total: number;
      readonly counts: MoveCounts;
      readonly dryRun: boolean;
    }
  | {
      /** SQS's own move task: messages moved so far. */
      readonly kind: 'move_task';
      readonly moved: number;
      readonly total: number;
      readonly status: string;
    };

/** The scan progress for these counts against the depth the queue had at the start. */
export const scanProgress = (counts: MoveCounts, depth: number, dryRun: boolean): DlqProgress => {
  const read = counts.matched + counts.skipped;
  return { kind: 'scan', read, total: Math.max(depth, read), counts: { ...counts }, dryRun };
};

/** How a redrive or archive ended, for its result and its audit record. */
export const moveOutcome = (
  dryRun: boolean,
  result: { readonly interrupted: boolean; readonly counts: { readonly failed: number } },
): 'dry_run' | 'interrupted' | 'failed' | 'completed' => {
  if (dryRun) return 'dry_run';
  if (result.interrupted) return 'interrupted';
  return result.counts.failed > 0 ? 'failed' : 'completed';
};
