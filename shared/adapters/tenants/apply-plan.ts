import { isDeepStrictEqual } from 'node:util';
import type { ItemAction, ItemDiff, TenantDiff } from '../../tenants/apply-result.ts';
import { diffValues } from '../../tenants/diff.ts';
import type { Tenant } from '../../tenants/tenant-file.ts';
import {
  type ItemContent,
  isRouteSk,
  routeItemContent,
  routeSk,
  type StoredItem,
  tenantItemContent,
} from './tenant-items.ts';

/** One item to publish, with the version it was planned against (the framework rejects a stale one). */
export interface PlannedWrite {
  readonly content: ItemContent;
  readonly expectedVersion: number;
}

/** A tenant's diff and the writes that carry it out, in commit order. */
export interface TenantPlan {
  readonly diff: TenantDiff;
  readonly writes: readonly PlannedWrite[];
}

const COMPARED = ['code', 'name', 'tenantCode', 'type', 'attributes'] as const;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// What an operator recognises: the item's attributes at top level, plus the framework fields it derives.
const view = (item: ItemContent | StoredItem): Record<string, unknown> => {
  const attributes = isRecord(item.attributes) ? item.attributes : {};
  const { code, name, tenantCode, type } = item;
  return { ...attributes, name, code, tenantCode, type };
};

const versionOf = (item: StoredItem | undefined): number =>
  typeof item?.version === 'number' ? item.version : 0;

interface Step {
  readonly diff: ItemDiff;
  readonly write: PlannedWrite | null;
}

const step = (
  kind: ItemDiff['kind'],
  id: string,
  current: StoredItem | undefined,
  desired: ItemContent,
): Step => {
  const expectedVersion = versionOf(current);
  if (current === undefined || current.isDeleted === true) {
    return {
      diff: { kind, id, action: 'create', changes: [] },
      write: { content: desired, expectedVersion },
    };
  }
  const same = COMPARED.every((key) => isDeepStrictEqual(current[key], desired[key]));
  if (same) return { diff: { kind, id, action: 'unchanged', changes: [] }, write: null };
  const changes = diffValues(view(current), view(desired));
  return { diff: { kind, id, action: 'update', changes }, write: { content: desired, expectedVersion } };
};

const deletion = (current: StoredItem): Step => {
  const content: ItemContent = {
    pk: current.pk,
    sk: current.sk,
    id: `${current.pk}#${current.sk}`,
    code: String(current.code),
    name: String(current.name),
    tenantCode: String(current.tenantCode),
    type: 'ROUTE',
    isDeleted: true,
    attributes: isRecord(current.attributes) ? current.attributes : {},
  };
  const diff: ItemDiff = { kind: 'route', id: String(current.code), action: 'delete', changes: [] };
  return { diff, write: { content, expectedVersion: versionOf(current) } };
};

const tenantAction = (tenantStep: Step, steps: readonly Step[]): Exclude<ItemAction, 'delete'> => {
  if (tenantStep.diff.action === 'create') return 'create';
  return steps.every((s) => s.diff.action === 'unchanged') ? 'unchanged' : 'update';
};

/**
 * Compares a declared tenant with its stored partition. Writes go routes first, then the tenant item (the
 * commit point, see tenant-items.ts), then deletions, so a reader never sees a route list with missing routes.
 */
export const planTenant = (tenant: Tenant, current: readonly StoredItem[]): TenantPlan => {
  const bySk = new Map(current.map((item) => [item.sk, item]));
  const tenantContent = tenantItemContent(tenant);
  const tenantStep = step('tenant', tenant.tenant_id, bySk.get(tenantContent.sk), tenantContent);
  const routeSteps = tenant.routes.map((route) => {
    const desired = routeItemContent(tenant.tenant_id, route);
    return step('route', route.route_id, bySk.get(desired.sk), desired);
  });
  const declared = new Set(tenant.routes.map((route) => routeSk(route.route_id)));
  const deleteSteps = current
    .filter((item) => isRouteSk(item.sk) && item.isDeleted !== true && !declared.has(item.sk))
    .map(deletion);
  const steps = [tenantStep, ...routeSteps, ...deleteSteps];
  const writes = [...routeSteps, tenantStep, ...deleteSteps].flatMap((s) => (s.write ? [s.write] : []));
  const diff: TenantDiff = {
    tenantId: tenant.tenant_id,
    action: tenantAction(tenantStep, steps),
    items: steps.map((s) => s.diff),
  };
  return { diff, writes };
};
