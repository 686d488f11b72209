import type { SyncHistoryRow } from '../sync/engine/outcome.ts';
import { NotFoundError } from './errors.ts';
import type { OpsTarget } from './ports.ts';

// `sync history` and `sync report`: a tenant's sync history rows and a run's report, read back.

/** A run's report item, as the report function stored it. */
export interface SyncReportItem {
  readonly run_id: string;
  readonly status: string;
  readonly dry_run: boolean;
  readonly tenant_counts: Record<string, number>;
  readonly location?: { readonly bucket: string; readonly keys: { json: string; html: string; txt: string } };
}

/** Where the sync results are read: the sync table and the report bucket. */
export interface SyncResultsReader {
  /** Every history row of the tenant, in no particular order. */
  historyRows(tenantId: string): Promise<SyncHistoryRow[]>;
  /** The run's report item, or null. */
  reportItem(runId: string): Promise<SyncReportItem | null>;
  /** A stored report object's text, or null when there is none. */
  reportObject(bucket: string, key: string): Promise<string | null>;
}

export interface SyncReadPorts {
  readonly target: OpsTarget;
  readonly results: SyncResultsReader;
}

export interface SyncHistoryInput {
  readonly tenantId: string;
  readonly systemType?: string;
  /** At most this many rows. */
  readonly limit: number;
}

/** A tenant's history rows, newest first, optionally of one chat system. */
export const readSyncHistory = async (
  ports: Pick<SyncReadPorts, 'results'>,
  input: SyncHistoryInput,
): Promise<SyncHistoryRow[]> => {
  const rows = await ports.results.historyRows(input.tenantId);
  return rows
    .filter((row) => !input.systemType || row.system_type === input.systemType)
    .sort((a, b) => b.started_at.localeCompare(a.started_at) || a.sync_id.localeCompare(b.sync_id))
    .slice(0, input.limit);
};

/** `sync history`: the rows with where they were read. */
export const syncHistory = async (ports: SyncReadPorts, input: SyncHistoryInput) => ({
  target: ports.target.label,
  tenant_id: input.tenantId,
  rows: await readSyncHistory(ports, input),
});

export interface SyncReport {
  readonly item: SyncReportItem;
  /** The text report the operators were mailed, when stored. */
  readonly text: string | null;
  /** The stored JSON report, when stored. */
  readonly json: unknown;
}

/** A run's report; throws `NotFoundError` while there is none (still running, or not a run id). */
export const readSyncReport = async (
  ports: SyncReadPorts,
  input: { readonly runId: string },
): Promise<SyncReport> => {
  const item = await ports.results.reportItem(input.runId);
  if (!item) {
    throw new NotFoundError(
      `no report for run "${input.runId}" in ${ports.target.label} (still running, or not a run id)`,
    );
  }
  const location = item.location;
  const text = location ? await ports.results.reportObject(location.bucket, location.keys.txt) : null;
  const json = location ? await ports.results.reportObject(location.bucket, location.keys.json) : null;
  return { item, text, json: json ? JSON.parse(json) : null };
};

/** Where every stored run report item is listed (the sync table's run-report partition). */
export interface SyncRunIndex {
  /** Every run's report item, in no particular order. */
  reportItems(): Promise<SyncReportItem[]>;
}

/** The stored runs, newest run id first (run ids start with their time), optionally of one status. */
export const listSyncRuns = async (
  ports: { readonly target: OpsTarget; readonly runs: SyncRunIndex },
  input: { readonly status?: string } = {},
): Promise<{ readonly target: string; readonly runs: SyncReportItem[] }> => {
  const items = await ports.runs.reportItems();
  return {
    target: ports.target.label,
    runs: items
      .filter((item) => !input.status || item.status === input.status)
      .sort((a, b) => b.run_id.localeCompare(a.run_id)),
  };
};

/** The HTML report the operators were mailed; throws `NotFoundError` when the run or its HTML is not stored. */
export const readSyncReportHtml = async (
  ports: SyncReadPorts,
  input: { readonly runId: string },
): Promise<string> => {
  const item = await ports.results.reportItem(input.runId);
  const location = item?.location;
  const html = location ? await ports.results.reportObject(location.bucket, location.keys.html) : null;
  if (html === null)
    throw new NotFoundError(`no HTML report for run "${input.runId}" in ${ports.target.label}`);
  return html;
};
