import { classifyOutcome, type SyncCounts, type SyncType } from '../engine/index.ts';
import type { ChildState, StepOutcome } from '../workflow/contract.ts';

/** What a finished sync type saw and did. */
export interface StepTally {
  readonly sync_type: SyncType;
  readonly counts: SyncCounts;
  readonly failure_messages?: readonly string[];
  readonly fatal?: unknown;
  readonly started_at: Date;
  readonly completed_at: Date;
}

/** The contract's outcome of one sync type, classified by the engine. */
export const toStepOutcome = (state: ChildState, tally: StepTally): StepOutcome => {
  const { tenant_id, system_type } = state.item;
  const classified = classifyOutcome({
    tenant_id,
    system_type,
    sync_type: tally.sync_type,
    counts: tally.counts,
    ...(tally.failure_messages === undefined ? {} : { failure_messages: tally.failure_messages }),
    ...(tally.fatal === undefined ? {} : { fatal: tally.fatal }),
  });
  return {
    sync_type: tally.sync_type,
    status: classified.status,
    counts: { ...classified.counts },
    error_message: classified.error_message,
    started_at: tally.started_at.toISOString(),
    completed_at: tally.completed_at.toISOString(),
  };
};

/** Counts of a sync type that did nothing. */
export const ZERO_COUNTS: SyncCounts = { processed: 0, created: 0, updated: 0, deleted: 0, failed: 0 };
