import type { SyncRunSummary } from '../../shared/ops/sync-run.ts';

export type { SyncRunSummary } from '../../shared/ops/sync-run.ts';

const isReport = (
  value: unknown,
): value is { status: string; tenants: number; failed: number; partial: number; emailed: boolean } =>
  typeof value === 'object' && value !== null && 'status' in value && 'tenants' in value;

/**
 * The run's own outcome: the report's status (SUCCESS, PARTIAL or FAILED: every child failed) once the
 * execution succeeded and reported, else the execution's status (FAILED, TIMED_OUT, RUNNING, …).
 */
export const runOutcome = (summary: SyncRunSummary): string =>
  summary.status === 'SUCCEEDED' && isReport(summary.output) ? summary.output.status : summary.status;

/** A run that synced nothing: the command exits non-zero. PARTIAL is reported, not failed. */
export const runFailed = (summary: SyncRunSummary): boolean =>
  !['SUCCESS', 'PARTIAL', 'SUCCEEDED', 'RUNNING'].includes(runOutcome(summary));

/** The summary a person reads after a run: its outcome first, the report's figures, and where to read more. */
export const summaryLines = (summary: SyncRunSummary): string[] => {
  const outcome = runOutcome(summary);
  const lines = [
    `run ${summary.run_id} on ${summary.target}: ${outcome}` +
      (outcome === summary.status ? '' : ` (execution ${summary.status})`),
  ];
  if (summary.error) lines.push(`  error: ${summary.error.error}: ${summary.error.cause}`);
  const output = summary.output;
  if (isReport(output)) {
    lines.push(
      `  sync ${output.status}: ${output.tenants} tenants, ${output.failed} failed, ${output.partial} partial; ` +
        `report ${output.emailed ? 'e-mailed to operators' : 'not e-mailed (dry run or no recipients)'}`,
    );
    const where = summary.target.startsWith('local') ? '--local' : `--stage ${summary.target.split(' ')[1]}`;
    lines.push(`  details: npm run ops -- sync report ${summary.run_id} ${where}`);
  } else if (summary.status === 'SUCCEEDED') {
    lines.push(
      '  nothing reported: the run id had already been planned (a repeated start does not sync twice)',
    );
  }
  return lines;
};
