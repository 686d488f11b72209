import { ApiError, apiGet, apiText } from '../api.ts';
import {
  emptyState,
  errorBox,
  filterForm,
  h,
  pageHref,
  pager,
  type Query,
  selectField,
  statusBadge,
  table,
  when,
} from '../dom.ts';
import { tenantOptions } from './events.ts';

interface Run {
  run_id: string;
  status: string;
  dry_run: boolean;
  tenant_counts: Record<string, number>;
}

interface HistoryRow {
  started_at: string;
  status: string;
  system_type: string;
  sync_type: string;
  processed_count: number;
  created_count: number;
  updated_count: number;
  deleted_count: number;
  error_message: string | null;
}

const runView = async (main: HTMLElement, runId: string) => {
  main.append(
    h('h1', {}, `Sync run ${runId}`),
    h('p', {}, h('a', { href: pageHref('sync') }, '← Sync runs')),
  );
  const report = await apiGet<{
    item: Run;
    json: { tenants?: { tenant_id: string; status: string; rows: HistoryRow[] }[] } | null;
  }>(`/api/sync/runs/${encodeURIComponent(runId)}`);
  const tenants = report.json?.tenants ?? [];
  main.append(
    h(
      'p',
      {},
      statusBadge(report.item.status),
      report.item.dry_run ? ' (dry run)' : '',
      ' ',
      Object.entries(report.item.tenant_counts)
        .map(([k, v]) => `${k} ${v}`)
        .join(', '),
    ),
    h('h2', {}, 'Per tenant × system'),
    tenants.length === 0
      ? emptyState('No tenant rows in this report.')
      : table(
          ['tenant', 'system', 'type', 'status', 'processed', 'created', 'updated', 'deleted', 'error'],
          tenants.flatMap((t) =>
            t.rows.map((r) => [
              h('a', { href: pageHref('sync', { tenant_id: t.tenant_id }) }, t.tenant_id),
              r.system_type,
              r.sync_type,
              statusBadge(r.status),
              String(r.processed_count),
              String(r.created_count),
              String(r.updated_count),
              String(r.deleted_count),
              r.error_message ?? '—',
            ]),
          ),
          'Sync results per tenant',
        ),
    h('h2', {}, 'The report as mailed'),
  );
  try {
    const html = await apiText(`/api/sync/runs/${encodeURIComponent(runId)}/report.html`);
    // sandbox without allow-scripts: the mailed HTML is shown, nothing in it runs or reaches the API.
    main.append(h('iframe', { class: 'report', title: `Report of run ${runId}`, sandbox: '', srcdoc: html }));
  } catch (error) {
    main.append(
      error instanceof ApiError && error.status === 403
        ? emptyState('The mailed report covers every tenant: hidden for your tenant-scoped access.')
        : errorBox(error),
    );
  }
};

export const renderSync = async (main: HTMLElement, query: Query, rest: string[]): Promise<void> => {
  if (rest[0]) return runView(main, rest[0]);
  const [runs, tenants] = await Promise.all([
    apiGet<{ items: Run[]; next: string | null }>('/api/sync/runs', {
      status: query.status,
      limit: query.limit ?? '20',
      cursor: query.cursor,
    }),
    tenantOptions(),
  ]);
  main.append(
    h('h1', {}, 'Sync runs'),
    filterForm('sync', [
      selectField('status', 'Status', query.status, ['SUCCESS', 'PARTIAL', 'FAILED']),
      selectField('tenant_id', 'History of tenant', query.tenant_id, tenants),
    ]),
    runs.items.length === 0
      ? emptyState('No sync run stored yet. Locally: npm run ops -- sync run --local')
      : table(
          ['run', 'status', 'tenants by status'],
          runs.items.map((r) => [
            h('a', { href: pageHref(`sync/${encodeURIComponent(r.run_id)}`) }, r.run_id),
            h('span', {}, statusBadge(r.status), r.dry_run ? ' (dry run)' : ''),
            Object.entries(r.tenant_counts)
              .map(([k, v]) => `${k} ${v}`)
              .join(', ') || '—',
          ]),
          'Sync runs, newest first',
        ),
    pager('sync', query, runs.next),
  );
  if (!query.tenant_id) return;
  const history = await apiGet<{ items: HistoryRow[] }>('/api/sync/history', {
    tenant_id: query.tenant_id,
    limit: '50',
  });
  main.append(
    h('h2', {}, `History of ${query.tenant_id}`),
    history.items.length === 0
      ? emptyState('No sync history for this tenant.')
      : table(
          ['started (UTC)', 'status', 'system', 'type', 'processed / created / updated / deleted', 'error'],
          history.items.map((r) => [
            when(r.started_at),
            statusBadge(r.status),
            r.system_type,
            r.sync_type,
            `${r.processed_count} / ${r.created_count} / ${r.updated_count} / ${r.deleted_count}`,
            r.error_message ?? '—',
          ]),
          'Sync history',
        ),
  );
};
