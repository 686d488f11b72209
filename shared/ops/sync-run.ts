import type { SyncRunInput } from '../sync/workflow/contract.ts';

/**
 * `sync run`: starts the daily tenant sync now and follows it to its end, the same for a deployed stage (its
 * state machine) and for local mode (the same definition run in-process), through the `SyncRuns` port.
 */

/** Children (tenant × system) done out of the planned total, and the state the run is in. */
export interface SyncProgress {
  /** Null until the plan is read (the Map's item count). */
  readonly total: number | null;
  readonly succeeded: number;
  readonly failed: number;
  /** The state the run is in, for the line after the bar. */
  readonly state: string | null;
}

export const EMPTY_PROGRESS: SyncProgress = { total: null, succeeded: 0, failed: 0, state: null };

/** A run as it stands after the latest change. */
export interface SyncRunState {
  /** RUNNING until it ends: SUCCEEDED, FAILED, TIMED_OUT, ABORTED. */
  readonly status: string;
  readonly progress: SyncProgress;
  /** Once ended: the execution's name or ARN as the engine reports it, its output and its error. */
  readonly execution?: string;
  readonly output?: unknown;
  readonly error?: { readonly error: string; readonly cause: string } | null;
}

/** Where sync runs execute: a stage's state machine, or local mode's in-process runner. */
export interface SyncRuns {
  /** `stage dev` or `local (…)`, for messages. */
  readonly label: string;
  /** Starts the run named after its run id; throws `SyncRunAlreadyStartedError` when that id already ran. */
  start(input: SyncRunInput): Promise<string>;
  /** The run's state after its next change (a stage is asked again after a pause; local mode on each event). */
  next(execution: string): Promise<SyncRunState>;
}

/** A run id starts at most one run, as with the schedule. */
export class SyncRunAlreadyStartedError extends Error {
  public override readonly name = 'SyncRunAlreadyStartedError';
}

/** What `sync run` prints at the end (and returns with --json), for a deployed or a local run. */
export interface SyncRunSummary {
  readonly target: string;
  readonly run_id: string;
  /** The execution ARN (stage) or name (local). */
  readonly execution: string;
  /** The execution's status: SUCCEEDED, FAILED, TIMED_OUT, ABORTED (or RUNNING when not followed). */
  readonly status: string;
  /** The state machine output: the report's SyncReportOutput, or `{}` when the run was already planned. */
  readonly output?: unknown;
  readonly error?: { readonly error: string; readonly cause: string } | null;
  readonly progress?: SyncProgress;
}

export interface SyncRunOptions {
  /** Follow the run to its end (default), or return once it started. */
  readonly follow: boolean;
  readonly onStarted?: (execution: string) => void;
  readonly onProgress?: (progress: SyncProgress) => void;
}

/** Starts a sync run and, when following, reports its progress until it ends. */
export const runSync = async (
  runs: SyncRuns,
  input: SyncRunInput,
  options: SyncRunOptions,
): Promise<SyncRunSummary> => {
  const execution = await runs.start(input);
  options.onStarted?.(execution);
  const base = { target: runs.label, run_id: input.run_id };
  if (!options.follow) return { ...base, execution, status: 'RUNNING' };
  for (;;) {
    const state = await runs.next(execution);
    options.onProgress?.(state.progress);
    if (state.status !== 'RUNNING') {
      return {
        ...base,
        execution: state.execution ?? execution,
        status: state.status,
        output: state.output ?? null,
        error: state.error ?? null,
        progress: state.progress,
      };
    }
  }
};
