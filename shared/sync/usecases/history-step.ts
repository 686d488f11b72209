import { toSyncHistoryRow } from '../engine/index.ts';
import type { ChildState } from '../workflow/contract.ts';
import { completeOutcomes } from './child-state.ts';
import type { StepResult } from './mapping-steps.ts';
import type { SyncStepDeps } from './step-deps.ts';

/**
 * Writes one sync history row per requested sync type (FAILED rows for those a fatal error stopped). Row ids are
 * `<run>#<tenant>#<system>#<type>`, so a retried history step overwrites its rows. A dry run writes none.
 */
export const runHistoryStep = async (state: ChildState, deps: SyncStepDeps): Promise<StepResult> => {
  const outcomes = completeOutcomes(state, deps.now());
  const next: ChildState = { ...state, outcomes, wait_seconds: null };
  if (state.item.dry_run) return { state: next, written: 0 };
  const { run_id, tenant_id, system_type } = state.item;
  const rows = outcomes.map((outcome) =>
    toSyncHistoryRow(
      { ...outcome, tenant_id, system_type },
      { run_id, started_at: new Date(outcome.started_at), completed_at: new Date(outcome.completed_at) },
    ),
  );
  await deps.history.writeHistory(rows);
  return { state: next, written: rows.length };
};
