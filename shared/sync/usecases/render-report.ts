import type { RunSummary, SyncHistoryRow } from '../engine/index.ts';

/** A run's report, rendered three ways. */
export interface RenderedReport {
  readonly json: string;
  readonly html: string;
  readonly text: string;
  readonly subject: string;
}

/** What a report is about besides its summary. */
export interface ReportHeader {
  readonly run_id: string;
  readonly started_at: string;
  readonly completed_at: string;
  readonly dry_run: boolean;
}

const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const counts = (row: SyncHistoryRow): string =>
  `${row.processed_count}/${row.created_count}/${row.updated_count}/${row.deleted_count}`;

const textLine = (row: SyncHistoryRow): string =>
  [
    row.status.padEnd(7),
    row.tenant_id.padEnd(20),
    row.system_type.padEnd(10),
    row.sync_type.padEnd(13),
    counts(row).padEnd(16),
    row.error_message ?? '',
  ]
    .join(' ')
    .trimEnd();

const htmlRow = (row: SyncHistoryRow): string =>
  `<tr><td>${row.status}</td><td>${escapeHtml(row.tenant_id)}</td><td>${row.system_type}</td><td>${row.sync_type}</td><td>${counts(row)}</td><td>${escapeHtml(row.error_message ?? '')}</td></tr>`;

/** Renders the run summary as JSON (for tools), HTML and text (for people); tenants with failures come first. */
export const renderReport = (header: ReportHeader, summary: RunSummary): RenderedReport => {
  const rows = summary.tenants.flatMap((tenant) => tenant.rows);
  const { FAILED, PARTIAL, SUCCESS } = summary.tenant_counts;
  const mode = header.dry_run ? ' (dry run: nothing written)' : '';
  const headline = `Sync run ${header.run_id}: ${summary.status}${mode} — ${summary.tenants.length} tenant(s): ${FAILED} failed, ${PARTIAL} partial, ${SUCCESS} succeeded`;
  const t = summary.totals;
  const totals = `Records processed ${t.processed}, created ${t.created}, updated ${t.updated}, deleted ${t.deleted}`;
  const columns = 'status  tenant               system     sync type     proc/cre/upd/del error';
  const text = [
    headline,
    `Started ${header.started_at}, completed ${header.completed_at}`,
    totals,
    '',
    columns,
    ...rows.map(textLine),
    '',
  ].join('\n');
  const html = [
    '<!doctype html><html><body>',
    `<h1>${escapeHtml(headline)}</h1>`,
    `<p>Started ${header.started_at}, completed ${header.completed_at}. ${totals}.</p>`,
    '<table border="1" cellpadding="4"><thead><tr><th>Status</th><th>Tenant</th><th>System</th><th>Sync type</th><th>Processed/created/updated/deleted</th><th>Error</th></tr></thead><tbody>',
    ...rows.map(htmlRow),
    '</tbody></table></body></html>',
  ].join('\n');
  const json = JSON.stringify({ ...header, ...summary }, null, 2);
  return { json, html, text, subject: `[tsunagi] ${headline}` };
};
