import * as z from 'zod';
import { type ChatSystem, ChatSystemSchema } from '../../tenants/destinations.ts';
import type { ExternalGroup, ExternalUser } from './records.ts';

/** Why a target can no longer receive alerts. */
export const BROKEN_REASONS = ['not_found', 'archived', 'deleted', 'suspended'] as const;
export const BrokenReasonSchema = z.enum(BROKEN_REASONS);
export type BrokenReason = z.infer<typeof BrokenReasonSchema>;

/** A channel or user of a tenant's chat system that receives some alert types (used by chat routes). */
export const NotificationTargetSchema = z.object({
  target_id: z.string().min(1),
  system_type: ChatSystemSchema,
  kind: z.enum(['channel', 'user']),
  external_id: z.string().min(1),
  /** The name as last seen at the vendor, so reports and screens show it without a vendor call. */
  name_snapshot: z.string(),
  alert_types: z.array(z.string()),
  status: z.enum(['ok', 'broken']).default('ok'),
  broken_reason: BrokenReasonSchema.nullable().default(null),
});
export type NotificationTarget = z.infer<typeof NotificationTargetSchema>;

/** One list fetched this run; `complete` when every page was read (only then does absence mean gone). */
export interface FreshList<R> {
  readonly records: readonly R[];
  readonly complete: boolean;
}

/** What this run fetched for one tenant × system; `null` for a list that was not fetched (its targets are left alone). */
export interface FreshDirectory {
  readonly system_type: ChatSystem;
  readonly users: FreshList<ExternalUser> | null;
  readonly groups: FreshList<ExternalGroup> | null;
}

/** What happened to a target: a rename followed, newly broken (or broken for another reason), or working again. */
export type TargetChangeKind = 'renamed' | 'broken' | 'repaired';

/** A target that changed, before and after. */
export interface TargetChange {
  readonly target_id: string;
  readonly kinds: readonly TargetChangeKind[];
  readonly previous: NotificationTarget;
  readonly target: NotificationTarget;
}

interface Resolution {
  readonly name: string;
  readonly reason: BrokenReason | null;
}

const userResolution = (user: ExternalUser): Resolution => ({
  name: user.display_name,
  // A bot is not a person an alert can be addressed to, and the engine never stores bots.
  reason: user.is_deleted || user.is_bot ? 'deleted' : user.is_suspended ? 'suspended' : null,
});

const groupResolution = (group: ExternalGroup): Resolution => ({
  name: group.name,
  reason: group.is_archived ? 'archived' : null,
});

type Index = {
  readonly users: Map<string, ExternalUser> | null;
  readonly groups: Map<string, ExternalGroup> | null;
};

const indexList = <R extends { external_id: string }>(list: FreshList<R> | null): Map<string, R> | null =>
  list === null ? null : new Map(list.records.map((record) => [record.external_id, record]));

const resolve = (target: NotificationTarget, fresh: FreshDirectory, index: Index): Resolution | null => {
  const list = target.kind === 'user' ? fresh.users : fresh.groups;
  if (list === null) return null;
  const user = target.kind === 'user' ? index.users?.get(target.external_id) : undefined;
  if (user !== undefined) return userResolution(user);
  const group = target.kind === 'channel' ? index.groups?.get(target.external_id) : undefined;
  if (group !== undefined) return groupResolution(group);
  // Not on a partial list proves nothing; keep the last known name of a target that is gone.
  return list.complete ? { name: target.name_snapshot, reason: 'not_found' } : null;
};

const changeKinds = (previous: NotificationTarget, next: NotificationTarget): TargetChangeKind[] => {
  const kinds: TargetChangeKind[] = [];
  if (next.name_snapshot !== previous.name_snapshot) kinds.push('renamed');
  if (next.status === 'broken' && next.broken_reason !== previous.broken_reason) kinds.push('broken');
  if (next.status === 'ok' && previous.status === 'broken') kinds.push('repaired');
  return kinds;
};

/**
 * Re-resolves the tenant's targets for one system against fresh vendor data: follows renames, marks a target
 * whose channel/user is gone, archived, deleted or suspended as broken (with the reason), marks the rest ok.
 * Returns only the targets that changed.
 */
export const resolveNotificationTargets = (
  targets: readonly NotificationTarget[],
  fresh: FreshDirectory,
): TargetChange[] => {
  const index: Index = { users: indexList(fresh.users), groups: indexList(fresh.groups) };
  const changes: TargetChange[] = [];
  for (const previous of targets) {
    if (previous.system_type !== fresh.system_type) continue;
    const resolution = resolve(previous, fresh, index);
    if (resolution === null) continue;
    const target: NotificationTarget = {
      ...previous,
      name_snapshot: resolution.name,
      status: resolution.reason === null ? 'ok' : 'broken',
      broken_reason: resolution.reason,
    };
    const kinds = changeKinds(previous, target);
    if (kinds.length > 0) changes.push({ target_id: previous.target_id, kinds, previous, target });
  }
  return changes;
};
