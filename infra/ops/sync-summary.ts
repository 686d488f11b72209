import type { SyncProgress } from './sync-progress.ts';

/** What `sync run` prints at the end (and returns with --json), for a deployed or a local run. */
export interface SyncRunSummary {
  readonly target: string;
  readonly run_id: string;
  /** The execution ARN (stage) or name (local). */
  readonly execution: string;
  /** The execution's status: SUCCEEDED, FAILED, TIMED_OUT, ABORTED (or RUNNING with --no-follow). */
  readonly status: string;
  /** The state machine output: the report's SyncReportOutput, or `{}` when the run was already planned. */
  readonly output?: unknown;
  readonly error?: { readonly error: string; readonly cause: string } | null;
  readonly progress?: SyncProgress;
}

const isReport = (
  value: unknown,
): value is { status: string; tenants: number; failed: number; partial: number; emailed: boolean } =>
  typeof value === 'object' && value !== null && 'status' in value && 'tenants' in value;

export const summaryLines = (summary: SyncRunSummary): string[] => {
  const lines = [`run ${summary.run_id} on ${summary.target}: execution ${summary.status}`];
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
