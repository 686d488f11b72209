import type { FieldChange } from './diff.ts';

/** What applying does to one stored item. */
export type ItemAction = 'create' | 'update' | 'delete' | 'unchanged';

/** One stored item of a tenant: the tenant itself or one of its routes. */
export interface ItemDiff {
  readonly kind: 'tenant' | 'route';
  /** The tenant id or the route id. */
  readonly id: string;
  readonly action: ItemAction;
  /** Field-level changes of an update (paths relative to the item, e.g. `destination.url`). */
  readonly changes: readonly FieldChange[];
}

export interface TenantDiff {
  readonly tenantId: string;
  /** `create` for a tenant not stored yet, `unchanged` when none of its items changes, else `update`. */
  readonly action: Exclude<ItemAction, 'delete'>;
  readonly items: readonly ItemDiff[];
}

/** The outcome of an apply (or, with `dryRun`, exactly what it would do); counts are of stored items. */
export interface ApplyResult {
  readonly dryRun: boolean;
  readonly created: number;
  readonly updated: number;
  readonly deleted: number;
  readonly unchanged: number;
  readonly tenants: readonly TenantDiff[];
}

const COUNTED = { create: 'created', update: 'updated', delete: 'deleted', unchanged: 'unchanged' } as const;

/** Totals the per-item actions of per-tenant diffs into an apply result. */
export const summarizeApply = (tenants: readonly TenantDiff[], dryRun: boolean): ApplyResult => {
  const counts = { created: 0, updated: 0, deleted: 0, unchanged: 0 };
  for (const item of tenants.flatMap((tenant) => tenant.items)) counts[COUNTED[item.action]]++;
  return { dryRun, ...counts, tenants };
};

const show = (value: unknown): string => {
  if (value === undefined) return '(none)';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
};

const MARK = { create: '+', update: '~', delete: '-', unchanged: '=' } as const;

/** Human-readable output for `ops tenants apply`: one block per tenant, then the totals. */
export const renderApplyResult = (result: ApplyResult): string => {
  const lines: string[] = [];
  for (const tenant of result.tenants) {
    lines.push(`tenant ${tenant.tenantId}: ${tenant.action}`);
    for (const item of tenant.items) {
      if (item.action === 'unchanged') continue;
      lines.push(`  ${MARK[item.action]} ${item.kind} ${item.id}`);
      if (item.action !== 'update') continue;
      for (const change of item.changes) {
        lines.push(`      ${change.path}: ${show(change.before)} -> ${show(change.after)}`);
      }
    }
    const same = tenant.items.filter((item) => item.action === 'unchanged').length;
    if (same > 0 && tenant.action !== 'unchanged') lines.push(`  = ${same} unchanged`);
  }
  const { created, updated, deleted, unchanged } = result;
  lines.push(
    result.dryRun
      ? `Dry run, nothing written: ${created} to create, ${updated} to update, ${deleted} to delete, ${unchanged} unchanged.`
      : `Applied: ${created} created, ${updated} updated, ${deleted} deleted, ${unchanged} unchanged.`,
  );
  return lines.join('\n');
};
