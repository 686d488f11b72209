import { type DiffEntry, diffRecords, type RecordDiff } from './diff.ts';
import { type GroupMapping, toGroupMapping } from './group-mapping.ts';
import type { MappingBase, MappingContext } from './mapping.ts';
import type { NormalisedBatch } from './normalise.ts';
import { countDiff, type SyncCounts } from './outcome.ts';
import type { ExternalGroup, ExternalUser } from './records.ts';
import {
  type InternalUserDirectory,
  type MappedUser,
  mapUsers,
  toUserMapping,
  type UserMapping,
} from './user-mapping.ts';
import type { SyncWarning } from './warnings.ts';
import { planWrites, type WritePlan } from './write-plan.ts';

/** One fetch as a connector ends it: the normalised records, the failures, and whether every page was read. */
export interface FetchResult<R> extends NormalisedBatch<R> {
  readonly complete: boolean;
}

/** Everything one tenant × system × sync type needs to write and report, before anything is written. */
export interface SyncPlan<R, M> {
  readonly diff: RecordDiff<R, M>;
  readonly plan: WritePlan<M>;
  /** Counts before writing; add write failures to `failed` when classifying the outcome. */
  readonly counts: SyncCounts;
  readonly warnings: readonly SyncWarning[];
  readonly failure_messages: readonly string[];
}

/** The inputs shared by both plans; `now` is the injected clock's reading for this sync. */
export interface PlanInput<R, M> {
  readonly context: MappingContext;
  readonly stored: readonly M[];
  readonly fetched: FetchResult<R>;
  readonly now: Date;
}

const planSync = <R extends MappedUser | ExternalGroup, M extends MappingBase>(
  input: PlanInput<R, M>,
  toItem: (entry: DiffEntry<R>) => M,
  extraWarnings: readonly SyncWarning[],
): SyncPlan<R, M> => {
  const { fetched } = input;
  const diff = diffRecords(input.stored, fetched.records, input.now, fetched);
  return {
    diff,
    plan: planWrites(diff, toItem),
    counts: countDiff(diff, {
      processed: fetched.records.length + fetched.failures.length,
      map_failures: fetched.failures.length,
    }),
    warnings: [...extraWarnings, ...diff.warnings],
    failure_messages: fetched.failures.map((failure) => failure.message),
  };
};

/** Maps fetched users to internal users by e-mail, diffs them against the stored mappings, plans the writes. */
export const planUserSync = (
  input: PlanInput<ExternalUser, UserMapping> & { readonly directory: InternalUserDirectory },
): SyncPlan<MappedUser, UserMapping> => {
  const mapped = mapUsers(input.fetched.records, input.directory);
  const fetched = { ...input.fetched, records: mapped.users };
  return planSync({ ...input, fetched }, toUserMapping(input.context), mapped.warnings);
};

/** Diffs fetched channels/teams/groups against the stored group mappings and plans the writes. */
export const planGroupSync = (
  input: PlanInput<ExternalGroup, GroupMapping>,
): SyncPlan<ExternalGroup, GroupMapping> => planSync(input, toGroupMapping(input.context), []);
