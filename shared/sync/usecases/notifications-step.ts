import {
  type ExternalGroup,
  type ExternalUser,
  type FreshDirectory,
  type FreshList,
  type GroupMapping,
  type NotificationTarget,
  resolveNotificationTargets,
  TOMBSTONE_HASH,
  type UserMapping,
} from '../engine/index.ts';
import type { ChildState } from '../workflow/contract.ts';
import { shouldRun, withOutcome } from './child-state.ts';
import type { StepResult } from './mapping-steps.ts';
import { toStepOutcome } from './outcome.ts';
import type { Stored } from './ports.ts';
import type { SyncStepDeps } from './step-deps.ts';

const LISTED_BROKEN = 5;

const isTombstone = (m: UserMapping | GroupMapping): boolean =>
  m.sync_status === 'INACTIVE' && m.content_hash === TOMBSTONE_HASH;

// Never synced: nothing is known about the vendor's side, so no target may be called gone.
const listOf = <M, R>(stored: readonly Stored<M>[], toRecord: (m: M) => R | null): FreshList<R> | null =>
  stored.length === 0
    ? null
    : {
        records: stored.flatMap((s) => toRecord(s.mapping) ?? []),
        complete: true,
      };

/** A stored user mapping as the vendor record it was synced from (tombstones are gone, so left out). */
const storedUser = (m: UserMapping): ExternalUser | null =>
  isTombstone(m)
    ? null
    : {
        external_id: m.external_id,
        username: m.external_username,
        display_name: m.external_display_name,
        email: m.external_email,
        is_bot: false,
        is_deleted: false,
        is_suspended: m.sync_status === 'INACTIVE',
      };

const storedGroup = (m: GroupMapping): ExternalGroup | null =>
  isTombstone(m)
    ? null
    : {
        external_id: m.external_id,
        kind: m.kind,
        name: m.name,
        parent_id: m.parent_id,
        is_private: m.is_private,
        is_archived: m.sync_status === 'INACTIVE',
      };

/**
 * This run's vendor data: what the users and teams steps fetched in this container, else the mappings they just
 * stored (equal to the vendor's data after a non-dry run).
 */
const freshDirectory = async (state: ChildState, deps: SyncStepDeps): Promise<FreshDirectory> => {
  const { item } = state;
  const context = { tenant_id: item.tenant_id, system_type: item.system_type };
  const users = deps.fresh.get(item, 'users') ?? listOf(await deps.mappings.listUsers(context), storedUser);
  const groups =
    deps.fresh.get(item, 'groups') ?? listOf(await deps.mappings.listGroups(context), storedGroup);
  return { system_type: item.system_type, users, groups };
};

const brokenSummary = (targets: readonly NotificationTarget[]): string | null => {
  const broken = targets.filter((target) => target.status === 'broken');
  if (broken.length === 0) return null;
  const listed = broken
    .slice(0, LISTED_BROKEN)
    .map((t) => `${t.kind} ${t.name_snapshot} (${t.external_id}): ${t.broken_reason}`);
  const more = broken.length > LISTED_BROKEN ? `; and ${broken.length - LISTED_BROKEN} more` : '';
  return `${broken.length} broken notification target(s): ${listed.join('; ')}${more}`;
};

/**
 * Re-resolves the tenant's notification targets against this run's data: renames are followed, vanished or
 * archived channels and users are marked broken. Broken targets are reported, not failed: the sync itself worked.
 */
export const runNotificationsStep = async (state: ChildState, deps: SyncStepDeps): Promise<StepResult> => {
  if (!shouldRun(state, 'notifications')) return { state, written: 0 };
  const started = deps.now();
  const context = { tenant_id: state.item.tenant_id, system_type: state.item.system_type };
  const targets = await deps.targets.list(context);
  const changes = resolveNotificationTargets(targets, await freshDirectory(state, deps));
  const changed = changes.map((change) => change.target);
  if (!state.item.dry_run && changed.length > 0) await deps.targets.write(context, changed);
  const byId = new Map(changed.map((target) => [target.target_id, target]));
  const current = targets.map((target) => byId.get(target.target_id) ?? target);
  const outcome = toStepOutcome(state, {
    sync_type: 'notifications',
    counts: { processed: targets.length, created: 0, updated: changed.length, deleted: 0, failed: 0 },
    started_at: started,
    completed_at: deps.now(),
  });
  const reported = { ...outcome, error_message: brokenSummary(current) };
  const written = state.item.dry_run ? 0 : changed.length;
  return { state: withOutcome(state, reported), written };
};
