import type { ApplyResult } from './apply-result.ts';
import type { Route, Tenant, TenantProfile } from './tenant-file.ts';

/**
 * The router's read path. Both methods resolve from one cached read per tenant; an unknown (or malformed)
 * tenant id is `null` / no routes. Rejects with `TenantDataError` when stored data does not decode.
 */
export interface TenantDirectory {
  getTenant(tenantId: string): Promise<TenantProfile | null>;
  /** Every route of the tenant, disabled ones included, in declared order. */
  getRoutes(tenantId: string): Promise<readonly Route[]>;
}

/** Lists tenants for operators (`ops tenants list`); not for the hot path. */
export interface TenantCatalog {
  listTenants(): Promise<readonly TenantProfile[]>;
}

export interface ApplyOptions {
  /** Compute and report the changes without writing anything. */
  readonly dryRun: boolean;
}

/**
 * The operators' write path: makes each given tenant's stored items equal to its declared state (routes it no
 * longer declares are deleted; tenants not given are left alone) and writes only items that change.
 */
export interface TenantWriter {
  apply(tenants: readonly Tenant[], options: ApplyOptions): Promise<ApplyResult>;
}
