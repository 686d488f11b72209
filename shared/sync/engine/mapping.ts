import * as z from 'zod';
import { type ChatSystem, ChatSystemSchema } from '../../tenants/destinations.ts';

/** ACTIVE: present and usable at the vendor; INACTIVE: deleted, gone, suspended or archived; ERROR: unreadable. */
export const SYNC_STATUSES = ['ACTIVE', 'INACTIVE', 'ERROR'] as const;
export const SyncStatusSchema = z.enum(SYNC_STATUSES);
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/**
 * The `content_hash` of a soft-deleted mapping. A fixed marker rather than the record's hash, so a mapping
 * that is already deleted stays unchanged (no write) whether the vendor keeps listing it as deleted, with
 * whatever fields, or stops listing it at all.
 */
export const TOMBSTONE_HASH = 'deleted';

/** What the diff needs of a stored mapping. */
export interface MappingState {
  readonly external_id: string;
  readonly content_hash: string;
  readonly sync_status: SyncStatus;
}

/** The fields every mapping item shares (user mappings and channel/group mappings alike). */
export const MappingBaseSchema = z.object({
  mapping_id: z.string().min(1),
  tenant_id: z.string().min(1),
  system_type: ChatSystemSchema,
  external_id: z.string().min(1),
  sync_status: SyncStatusSchema,
  /** When the item last changed, not when it was last compared: bumping it every run would be a write. */
  last_synced_at: z.iso.datetime(),
  content_hash: z.string().min(1),
});
export type MappingBase = z.infer<typeof MappingBaseSchema>;

/** The deterministic mapping id `<tenant>#<system>#<external_id>`, so re-running a sync overwrites, never adds. */
export const userMappingId = (tenantId: string, systemType: string, externalId: string): string =>
  `${tenantId}#${systemType}#${externalId}`;

/** The id of a channel/group mapping; `group#` keeps it apart from user ids that share the vendor's id space. */
export const groupMappingId = (tenantId: string, systemType: string, externalId: string): string =>
  `${tenantId}#${systemType}#group#${externalId}`;

/** Whose mappings a sync writes: one tenant × one chat system. */
export interface MappingContext {
  readonly tenant_id: string;
  readonly system_type: ChatSystem;
}
