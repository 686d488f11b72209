import { describe, expect, it } from 'vitest';
import {
  runSync,
  SyncRunAlreadyStartedError,
  type SyncRunState,
  type SyncRuns,
} from '../../../shared/ops/sync-run.ts';
import type { SyncRunInput } from '../../../shared/sync/workflow/contract.ts';

const input: SyncRunInput = { run_id: 'r1', dry_run: false, force_refresh: false, batch_size: 100 };

/** Runs that go through the given states, one per `next`. */
const scripted = (states: readonly SyncRunState[]): SyncRuns & { started: string[] } => {
  const started: string[] = [];
  let next = 0;
  return {
    label: 'stage dev',
    started,
    start: async (run) => {
      started.push(run.run_id);
      return 'exec-1';
    },
    next: async () => states[Math.min(next++, states.length - 1)]!,
  };
};

describe('Function: runSync', () => {
  it('follows the run to its end, reporting each state’s progress', async () => {
    // Prepare
    const runs = scripted([
      { status: 'RUNNING', progress: { total: null, succeeded: 0, failed: 0, state: 'Plan' } },
      { status: 'RUNNING', progress: { total: 2, succeeded: 1, failed: 0, state: 'Tenants' } },
      {
        status: 'SUCCEEDED',
        progress: { total: 2, succeeded: 2, failed: 0, state: 'Report' },
        output: { status: 'SUCCESS' },
        error: null,
      },
    ]);
    const progress: unknown[] = [];
    const started: string[] = [];

    // Act
    const summary = await runSync(runs, input, {
      follow: true,
      onStarted: (execution) => started.push(execution),
      onProgress: (p) => progress.push(p),
    });

    // Assess
    expect(started).toEqual(['exec-1']);
    expect(progress).toHaveLength(3);
    expect(summary).toEqual({
      target: 'stage dev',
      run_id: 'r1',
      execution: 'exec-1',
      status: 'SUCCEEDED',
      output: { status: 'SUCCESS' },
      error: null,
      progress: { total: 2, succeeded: 2, failed: 0, state: 'Report' },
    });
  });

  it('returns at once when not following', async () => {
    // Prepare
    const runs = scripted([]);

    // Act
    const summary = await runSync(runs, input, { follow: false });

    // Assess
    expect(summary).toEqual({ target: 'stage dev', run_id: 'r1', execution: 'exec-1', status: 'RUNNING' });
  });

  it('passes on a run id that already started', async () => {
    // Prepare
    const runs: SyncRuns = {
      label: 'local (test)',
      start: async () => {
        throw new SyncRunAlreadyStartedError('run "r1" was already started; give another --run-id');
      },
      next: async () => {
        throw new Error('never asked');
      },
    };

    // Act
    const summary = runSync(runs, input, { follow: true });

    // Assess
    await expect(summary).rejects.toBeInstanceOf(SyncRunAlreadyStartedError);
  });
});
