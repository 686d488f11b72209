import type { ChatSystem } from '../../tenants/destinations.ts';
import type { TenantProfile } from '../../tenants/tenant-file.ts';
import { SYNC_TYPES } from '../engine/index.ts';
import { planItemsKey } from '../workflow/config-names.ts';
import type { SyncItem, SyncPlanOutput, SyncRunInput } from '../workflow/contract.ts';
import { SyncRunAlreadyPlannedError } from './errors.ts';
import type { BlobWriter, SyncTenantSource } from './ports.ts';

/** What planning a run needs. */
export interface PlanRunDeps {
  readonly tenants: SyncTenantSource;
  readonly blobs: BlobWriter;
  readonly now: () => Date;
}

// One integration per system counts once, even if a tenant file listed a system twice.
const systemsOf = (tenant: TenantProfile, only: ChatSystem | undefined): ChatSystem[] => {
  const systems = new Set(tenant.integrations.map((integration) => integration.system));
  return [...systems].filter((system) => only === undefined || system === only).sort();
};

/** The run's child items: active tenants × their integrated systems, after the run's filters. */
export const planItems = (input: SyncRunInput, tenants: readonly TenantProfile[]): SyncItem[] =>
  tenants
    .filter((tenant) => tenant.status === 'active')
    .filter((tenant) => input.tenant_id === undefined || tenant.tenant_id === input.tenant_id)
    .flatMap((tenant) =>
      systemsOf(tenant, input.system_type).map((system_type) => ({
        run_id: input.run_id,
        tenant_id: tenant.tenant_id,
        system_type,
        sync_types: input.sync_type === undefined ? [...SYNC_TYPES] : [input.sync_type],
        dry_run: input.dry_run,
        force_refresh: input.force_refresh,
        batch_size: input.batch_size,
      })),
    );

/**
 * Plans a run and writes its items as JSON lines for the Distributed Map's ItemReader: the state machine's
 * payload stays small however many tenants there are. The write is conditional, so a run id is planned once:
 * a repeated schedule delivery is refused with `SyncRunAlreadyPlannedError` instead of syncing twice.
 */
export const planRun = async (input: SyncRunInput, deps: PlanRunDeps): Promise<SyncPlanOutput> => {
  const items = planItems(input, await deps.tenants.listTenants());
  const key = planItemsKey(input.run_id);
  const body = items.map((item) => `${JSON.stringify(item)}\n`).join('');
  if (!(await deps.blobs.putIfAbsent(key, body, 'application/x-ndjson'))) {
    throw new SyncRunAlreadyPlannedError(`run ${input.run_id} was already planned; not running it twice`);
  }
  return {
    run_id: input.run_id,
    started_at: input.started_at ?? deps.now().toISOString(),
    items: { bucket: deps.blobs.bucket, key },
    item_count: items.length,
  };
};
