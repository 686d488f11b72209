import type { DiffEntry, RecordDiff } from './diff.ts';
import { type MappingBase, TOMBSTONE_HASH } from './mapping.ts';

/** put: a new mapping; update: a changed one (also ERROR flags); soft_delete: INACTIVE, kept for history. */
export type WriteOp = 'put' | 'update' | 'soft_delete';

/**
 * One item write. Every write carries the whole item, so the adapter can send all of them as batched
 * puts (DynamoDB BatchWriteItem has no partial update), which is what makes first runs cheap.
 */
export interface ItemWrite<M> {
  readonly op: WriteOp;
  readonly mapping_id: string;
  readonly item: M;
}

/** The writes one diff needs; empty when nothing changed upstream. */
export interface WritePlan<M> {
  readonly writes: readonly ItemWrite<M>[];
}

/** Turns a diff into item writes; unchanged mappings produce none, so a re-run with no upstream change writes 0. */
export const planWrites = <R, M extends MappingBase>(
  diff: RecordDiff<R, M>,
  toItem: (entry: DiffEntry<R>) => M,
): WritePlan<M> => {
  const write = (op: WriteOp, item: M): ItemWrite<M> => ({ op, mapping_id: item.mapping_id, item });
  return {
    writes: [
      ...diff.created.map((entry) => write('put', toItem(entry))),
      ...diff.updated.map((entry) => write('update', toItem(entry))),
      ...diff.errored.map((entry) =>
        write('update', { ...entry.previous, sync_status: 'ERROR', last_synced_at: entry.last_synced_at }),
      ),
      ...diff.deleted.map((entry) =>
        write('soft_delete', {
          ...entry.previous,
          sync_status: 'INACTIVE',
          content_hash: TOMBSTONE_HASH,
          last_synced_at: entry.last_synced_at,
        }),
      ),
    ],
  };
};

/** How many item writes a plan makes. */
export const countWrites = (plan: WritePlan<unknown>): number => plan.writes.length;

/** The number of writes per op, for dry-run output and logs. */
export const countWritesByOp = (plan: WritePlan<unknown>): Record<WriteOp, number> => {
  const counts: Record<WriteOp, number> = { put: 0, update: 0, soft_delete: 0 };
  for (const write of plan.writes) counts[write.op]++;
  return counts;
};
