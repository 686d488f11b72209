import {
  type ExternalGroup,
  type ExternalUser,
  type FetchResult,
  type MappingBase,
  type MappingContext,
  type NormalisedBatch,
  planGroupSync,
  planUserSync,
  type SyncPlan,
  type SyncType,
  type WritePlan,
} from '../engine/index.ts';
import type { ChildState } from '../workflow/contract.ts';
import { shouldRun, withOutcome } from './child-state.ts';
import { toStepOutcome } from './outcome.ts';
import type { MappingWrite, Stored, VendorListOptions, WriteReport } from './ports.ts';
import type { SyncStepDeps } from './step-deps.ts';
import { vendorAuth } from './token.ts';

/** A step's result: the next state, and how many items it wrote (for the RecordsWritten metric). */
export interface StepResult {
  readonly state: ChildState;
  readonly written: number;
}

const NO_WRITES: WriteReport = { written: 0, failures: [] };

/** Every page of a listing; it only returns once the last page was read, so the fetch is complete. */
export const fetchAll = async <R>(
  list: (options: VendorListOptions<R>) => Promise<void>,
  pageSize: number,
): Promise<FetchResult<R>> => {
  const records: R[] = [];
  const failures: NormalisedBatch<R>['failures'] = [];
  await list({
    pageSize,
    onPage: (batch) => {
      records.push(...batch.records);
      failures.push(...batch.failures);
    },
  });
  return { records, failures, complete: true };
};

/** The planned writes with each item's stored bookkeeping, so a whole-item put keeps its history. */
export const withPrevious = <M extends MappingBase>(
  plan: WritePlan<M>,
  stored: readonly Stored<M>[],
): MappingWrite<M>[] => {
  const meta = new Map(stored.map((entry) => [entry.mapping.mapping_id, entry.meta]));
  return plan.writes.map((write) => ({
    op: write.op,
    item: write.item,
    previous: meta.get(write.mapping_id) ?? null,
  }));
};

interface MappingStepSpec<M extends MappingBase> {
  readonly syncType: SyncType;
  readonly plan: (context: MappingContext, stored: readonly M[], now: Date) => Promise<SyncPlan<unknown, M>>;
  readonly list: (context: MappingContext) => Promise<Stored<M>[]>;
  readonly write: (context: MappingContext, writes: readonly MappingWrite<M>[]) => Promise<WriteReport>;
}

/**
 * Lists the vendor, diffs against the stored mappings and writes only the changes (none in a dry run). Nothing is
 * written before the listing is complete, so a step re-run after a rate-limit wait starts clean, and a re-run
 * after its writes finds them unchanged: diff-based writes are idempotent.
 */
const runMappingStep = async <M extends MappingBase>(
  state: ChildState,
  deps: SyncStepDeps,
  spec: MappingStepSpec<M>,
): Promise<StepResult> => {
  if (!shouldRun(state, spec.syncType)) return { state, written: 0 };
  const started = deps.now();
  const context = { tenant_id: state.item.tenant_id, system_type: state.item.system_type };
  const stored = await spec.list(context);
  const planned = await spec.plan(
    context,
    stored.map((entry) => entry.mapping),
    started,
  );
  const report = state.item.dry_run
    ? NO_WRITES
    : await spec.write(context, withPrevious(planned.plan, stored));
  const outcome = toStepOutcome(state, {
    sync_type: spec.syncType,
    counts: { ...planned.counts, failed: planned.counts.failed + report.failures.length },
    failure_messages: [...planned.failure_messages, ...report.failures.map((f) => f.message)],
    started_at: started,
    completed_at: deps.now(),
  });
  return { state: withOutcome(state, outcome), written: report.written };
};

/** The users step: vendor users → e-mail mapping to internal users → user mappings. */
export const runUsersStep = (state: ChildState, deps: SyncStepDeps): Promise<StepResult> =>
  runMappingStep(state, deps, {
    syncType: 'users',
    list: (context) => deps.mappings.listUsers(context),
    write: (context, writes) => deps.mappings.writeUsers(context, writes),
    plan: async (context, stored, now) => {
      const { item } = state;
      const auth = await vendorAuth(item, deps);
      const vendor = deps.vendors[item.system_type];
      const fetched = await fetchAll<ExternalUser>(
        (options) => vendor.listUsers(auth, options),
        item.batch_size,
      );
      deps.fresh.put(item, 'users', fetched);
      const directory = await deps.internalUsers.directoryOf(item.tenant_id);
      return planUserSync({ context, stored, fetched, now, directory });
    },
  });

/** The teams step: channels / teams / groups → group mappings. */
export const runTeamsStep = (state: ChildState, deps: SyncStepDeps): Promise<StepResult> =>
  runMappingStep(state, deps, {
    syncType: 'teams',
    list: (context) => deps.mappings.listGroups(context),
    write: (context, writes) => deps.mappings.writeGroups(context, writes),
    plan: async (context, stored, now) => {
      const { item } = state;
      const auth = await vendorAuth(item, deps);
      const vendor = deps.vendors[item.system_type];
      const fetched = await fetchAll<ExternalGroup>(
        (options) => vendor.listGroups(auth, options),
        item.batch_size,
      );
      deps.fresh.put(item, 'groups', fetched);
      return planGroupSync({ context, stored, fetched, now });
    },
  });
