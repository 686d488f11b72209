import * as z from 'zod';
import type { DiffEntry } from './diff.ts';
import { MappingBaseSchema, type MappingContext, userMappingId } from './mapping.ts';
import type { ExternalUser } from './records.ts';
import type { SyncWarning } from './warnings.ts';

/** A user mapping item (the spec's ユーザーマッピング). */
export const UserMappingSchema = MappingBaseSchema.extend({
  /** `null` while no internal user has this e-mail address; the mapping is kept so it can link later. */
  internal_user_id: z.string().nullable(),
  external_username: z.string(),
  /** Beyond the spec's fields: the name operators recognise someone by in the mapping list. */
  external_display_name: z.string(),
  external_email: z.string().nullable(),
});
export type UserMapping = z.infer<typeof UserMappingSchema>;

/** A vendor user with the internal user it maps to; the id is part of its content hash, so relinks are writes. */
export type MappedUser = ExternalUser & { readonly internal_user_id: string | null };

/** The internal users of a tenant, e-mail address → internal user id, as the user service provides them. */
export type InternalUserDirectory = ReadonlyMap<string, string>;

const EMAIL_SHAPE = /^[^\s@]+@[^\s@]+$/;

/**
 * The form e-mail addresses are compared in: NFKC (full-width `ＡＢ＠ｅｘ．ｊｐ` as typed on Japanese
 * keyboards becomes `ab@ex.jp`), trimmed, lower-cased (locale-free: a Turkish `I` must not become `ı`).
 * Gmail-style equivalences are NOT applied (dots and `+tag` are kept): mapping must be exact identity, not
 * fuzzy; `a.b@` and `ab@` are different mailboxes on most domains, and a `+tag` address is often a separate
 * account on purpose, so merging them could send one person's alerts to someone else.
 * `null` when absent or not shaped like an address.
 */
export const normaliseEmail = (email: string | null | undefined): string | null => {
  if (email === null || email === undefined) return null;
  const value = email.normalize('NFKC').trim().toLowerCase();
  return EMAIL_SHAPE.test(value) ? value : null;
};

// Two internal users with one address cannot be told apart, so that address maps to nobody.
const AMBIGUOUS = Symbol('ambiguous');

const indexDirectory = (directory: InternalUserDirectory, warnings: SyncWarning[]) => {
  const index = new Map<string, string | typeof AMBIGUOUS>();
  for (const [email, internalUserId] of directory) {
    const key = normaliseEmail(email);
    if (key === null) continue;
    const known = index.get(key);
    if (known !== undefined && known !== internalUserId) {
      if (known !== AMBIGUOUS) {
        const message = `internal users ${known} and ${internalUserId} share an e-mail address; neither is mapped by it`;
        warnings.push({ code: 'ambiguous_internal_email', external_id: null, message });
      }
      index.set(key, AMBIGUOUS);
    } else index.set(key, internalUserId);
  }
  return index;
};

const warnDuplicateEmails = (users: readonly ExternalUser[], warnings: SyncWarning[]): void => {
  const byEmail = new Map<string, string[]>();
  for (const user of users) {
    const key = normaliseEmail(user.email);
    // Bots and deleted accounts are never stored, so a re-invited person's old account is no duplicate.
    if (key === null || user.is_bot || user.is_deleted) continue;
    byEmail.set(key, [...(byEmail.get(key) ?? []), user.external_id]);
  }
  for (const ids of byEmail.values()) {
    if (ids.length < 2) continue;
    const message = `vendor users ${ids.join(', ')} share an e-mail address; each maps to the internal user who has it, if any`;
    for (const external_id of ids) warnings.push({ code: 'duplicate_vendor_email', external_id, message });
  }
};

/** Links vendor users to internal users by normalised e-mail; unmatched users get `internal_user_id: null`. */
export const mapUsers = (
  users: readonly ExternalUser[],
  directory: InternalUserDirectory,
): { users: MappedUser[]; warnings: SyncWarning[] } => {
  const warnings: SyncWarning[] = [];
  const index = indexDirectory(directory, warnings);
  warnDuplicateEmails(users, warnings);
  const mapped = users.map((user) => {
    const key = normaliseEmail(user.email);
    const match = key === null ? undefined : index.get(key);
    return { ...user, internal_user_id: typeof match === 'string' ? match : null };
  });
  return { users: mapped, warnings };
};

/** Builds the user mapping item for a created or updated diff entry. */
export const toUserMapping =
  (context: MappingContext) =>
  (entry: DiffEntry<MappedUser>): UserMapping => ({
    mapping_id: userMappingId(context.tenant_id, context.system_type, entry.external_id),
    tenant_id: context.tenant_id,
    system_type: context.system_type,
    external_id: entry.external_id,
    internal_user_id: entry.record.internal_user_id,
    external_username: entry.record.username,
    external_display_name: entry.record.display_name,
    external_email: entry.record.email,
    sync_status: entry.sync_status,
    last_synced_at: entry.last_synced_at,
    content_hash: entry.content_hash,
  });
