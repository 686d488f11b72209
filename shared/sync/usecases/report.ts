import { SYNC_TYPES, type SyncHistoryRow, summarizeRun, toSyncHistoryRow } from '../engine/index.ts';
import type { ChildResult, SyncReportInput, SyncReportOutput } from '../workflow/contract.ts';
import { type RenderedReport, renderReport } from './render-report.ts';
import { type BlobReader, childResultsOf } from './report-results.ts';

/** A run report as stored: the rendered forms and the figures a `sync report <run id>` lists. */
export interface RunReport {
  readonly run_id: string;
  readonly dry_run: boolean;
  readonly status: SyncReportOutput['status'];
  readonly tenant_counts: Readonly<Record<SyncReportOutput['status'], number>>;
  readonly rendered: RenderedReport;
}

/** Stores a run report (bucket objects and a run-report item). */
export interface RunReportStore {
  save(report: RunReport): Promise<void>;
}

/** Sends the operators' summary mail. */
export interface ReportMailer {
  send(mail: {
    readonly to: readonly string[];
    readonly subject: string;
    readonly html: string;
    readonly text: string;
  }): Promise<void>;
}

/** What reporting a run needs. */
export interface ReportDeps {
  readonly store: RunReportStore;
  readonly mailer: ReportMailer;
  /** Where the Distributed Map's ResultWriter put the children's results (when they are not inline). */
  readonly results: BlobReader;
  readonly recipients: readonly string[];
  readonly now: () => Date;
}

// A child the state machine's Catch turned into a result has no outcomes; it still needs rows to show up.
const rowsOf = (result: ChildResult, runId: string, at: Date): SyncHistoryRow[] => {
  const outcomes =
    result.outcomes.length > 0
      ? result.outcomes
      : SYNC_TYPES.map((sync_type) => ({
          sync_type,
          status: result.status,
          counts: { processed: 0, created: 0, updated: 0, deleted: 0, failed: 0 },
          error_message: result.error_message ?? 'the child workflow failed',
          started_at: at.toISOString(),
          completed_at: at.toISOString(),
        }));
  return outcomes.map((o) =>
    toSyncHistoryRow(
      { ...o, tenant_id: result.tenant_id, system_type: result.system_type },
      { run_id: runId, started_at: new Date(o.started_at), completed_at: new Date(o.completed_at) },
    ),
  );
};

/** Aggregates the run, stores its report, and mails operators (not for a dry run or without recipients). */
export const reportRun = async (input: SyncReportInput, deps: ReportDeps): Promise<SyncReportOutput> => {
  const results = await childResultsOf(input.results, deps.results);
  const now = deps.now();
  const summary = summarizeRun(results.flatMap((result) => rowsOf(result, input.run_id, now)));
  const header = {
    run_id: input.run_id,
    started_at: input.started_at,
    completed_at: now.toISOString(),
    dry_run: input.dry_run,
  };
  const rendered = renderReport(header, summary);
  await deps.store.save({
    run_id: input.run_id,
    dry_run: input.dry_run,
    status: summary.status,
    tenant_counts: summary.tenant_counts,
    rendered,
  });
  const emailed = !input.dry_run && deps.recipients.length > 0;
  if (emailed)
    await deps.mailer.send({
      to: deps.recipients,
      subject: rendered.subject,
      html: rendered.html,
      text: rendered.text,
    });
  return {
    run_id: input.run_id,
    status: summary.status,
    tenants: summary.tenants.length,
    failed: summary.tenant_counts.FAILED,
    partial: summary.tenant_counts.PARTIAL,
    emailed,
  };
};
