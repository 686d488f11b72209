import { CHAT_SYSTEMS } from '../../tenants/destinations.ts';
import { SYNC_TYPES, type SyncHistoryRow, type SyncResult } from './outcome.ts';

/** Totals over history rows. */
export interface RunTotals {
  readonly processed: number;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
}

/** One tenant's line in the report: its overall status and its rows, failures first. */
export interface TenantRunSummary {
  readonly tenant_id: string;
  readonly status: SyncResult;
  readonly rows: readonly SyncHistoryRow[];
  readonly totals: RunTotals;
}

/** A whole run for the report: tenants with failures first, and the totals. */
export interface RunSummary {
  readonly status: SyncResult;
  readonly tenants: readonly TenantRunSummary[];
  /** How many tenants ended in each status. */
  readonly tenant_counts: Readonly<Record<SyncResult, number>>;
  readonly totals: RunTotals;
}

const SEVERITY: Record<SyncResult, number> = { FAILED: 0, PARTIAL: 1, SUCCESS: 2 };

/**
 * The status of a set of syncs: SUCCESS when all succeeded, FAILED when all failed (nothing was synced),
 * otherwise PARTIAL, so one failing tenant leaves the run PARTIAL and the others untouched.
 */
export const combineStatuses = (statuses: readonly SyncResult[]): SyncResult => {
  if (statuses.every((status) => status === 'SUCCESS')) return 'SUCCESS';
  return statuses.every((status) => status === 'FAILED') ? 'FAILED' : 'PARTIAL';
};

const sumRows = (rows: readonly SyncHistoryRow[]): RunTotals => ({
  processed: rows.reduce((sum, row) => sum + row.processed_count, 0),
  created: rows.reduce((sum, row) => sum + row.created_count, 0),
  updated: rows.reduce((sum, row) => sum + row.updated_count, 0),
  deleted: rows.reduce((sum, row) => sum + row.deleted_count, 0),
});

// Worst first, then in the order the child workflow runs them, so a table reads the same run to run.
const compareRows = (a: SyncHistoryRow, b: SyncHistoryRow): number =>
  SEVERITY[a.status] - SEVERITY[b.status] ||
  CHAT_SYSTEMS.indexOf(a.system_type) - CHAT_SYSTEMS.indexOf(b.system_type) ||
  SYNC_TYPES.indexOf(a.sync_type) - SYNC_TYPES.indexOf(b.sync_type);

const compareTenants = (a: TenantRunSummary, b: TenantRunSummary): number =>
  SEVERITY[a.status] - SEVERITY[b.status] ||
  (a.tenant_id < b.tenant_id ? -1 : a.tenant_id > b.tenant_id ? 1 : 0);

/** Aggregates a run's history rows per tenant for the report: failures first, then partial, then success. */
export const summarizeRun = (rows: readonly SyncHistoryRow[]): RunSummary => {
  const byTenant = new Map<string, SyncHistoryRow[]>();
  for (const row of rows) {
    const tenantRows = byTenant.get(row.tenant_id);
    if (tenantRows === undefined) byTenant.set(row.tenant_id, [row]);
    else tenantRows.push(row);
  }
  const tenants = [...byTenant].map(([tenant_id, tenantRows]) => ({
    tenant_id,
    status: combineStatuses(tenantRows.map((row) => row.status)),
    rows: [...tenantRows].sort(compareRows),
    totals: sumRows(tenantRows),
  }));
  tenants.sort(compareTenants);
  const tenant_counts: Record<SyncResult, number> = { FAILED: 0, PARTIAL: 0, SUCCESS: 0 };
  for (const tenant of tenants) tenant_counts[tenant.status]++;
  return {
    status: combineStatuses(tenants.map((tenant) => tenant.status)),
    tenants,
    tenant_counts,
    totals: sumRows(rows),
  };
};
