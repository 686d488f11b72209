import { combineStatuses, type SyncType } from '../engine/index.ts';
import type { ChildResult, ChildState, StepOutcome } from '../workflow/contract.ts';

/** The state with this sync type's outcome; a re-run step replaces its earlier outcome, never adds a second. */
export const withOutcome = (state: ChildState, outcome: StepOutcome): ChildState => ({
  ...state,
  outcomes: [...state.outcomes.filter((o) => o.sync_type !== outcome.sync_type), outcome],
  wait_seconds: null,
});

/** Whether a step for `syncType` has anything to do in this child. */
export const shouldRun = (state: ChildState, syncType: SyncType): boolean =>
  state.fatal_error === null && state.item.sync_types.includes(syncType);

/** A FAILED outcome for each requested sync type that never got one (the child stopped on a fatal error). */
export const completeOutcomes = (state: ChildState, now: Date): StepOutcome[] => {
  const at = now.toISOString();
  const missing = state.item.sync_types.filter((type) => !state.outcomes.some((o) => o.sync_type === type));
  const failed = missing.map((sync_type) => ({
    sync_type,
    status: 'FAILED' as const,
    counts: { processed: 0, created: 0, updated: 0, deleted: 0, failed: 0 },
    error_message: state.fatal_error ?? 'the sync did not run',
    started_at: at,
    completed_at: at,
  }));
  return [...state.outcomes, ...failed];
};

/** What the child hands back to the Map. */
export const toChildResult = (state: ChildState, now: Date): ChildResult => {
  const outcomes = completeOutcomes(state, now);
  const failedMessage = outcomes.find((o) => o.status !== 'SUCCESS')?.error_message ?? null;
  return {
    tenant_id: state.item.tenant_id,
    system_type: state.item.system_type,
    status: combineStatuses(outcomes.map((o) => o.status)),
    outcomes,
    error_message: state.fatal_error ?? failedMessage,
  };
};
