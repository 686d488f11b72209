import * as z from 'zod';
import type { DiffEntry } from './diff.ts';
import { groupMappingId, MappingBaseSchema, type MappingContext } from './mapping.ts';
import { type ExternalGroup, GroupKindSchema } from './records.ts';

/** A channel/team/group mapping item: the user mapping's shape, with the group's own fields. */
export const GroupMappingSchema = MappingBaseSchema.extend({
  kind: GroupKindSchema,
  name: z.string(),
  parent_id: z.string().nullable(),
  is_private: z.boolean(),
});
export type GroupMapping = z.infer<typeof GroupMappingSchema>;

/** Builds the group mapping item for a created or updated diff entry (archived → INACTIVE). */
export const toGroupMapping =
  (context: MappingContext) =>
  (entry: DiffEntry<ExternalGroup>): GroupMapping => ({
    mapping_id: groupMappingId(context.tenant_id, context.system_type, entry.external_id),
    tenant_id: context.tenant_id,
    system_type: context.system_type,
    external_id: entry.external_id,
    kind: entry.record.kind,
    name: entry.record.name,
    parent_id: entry.record.parent_id,
    is_private: entry.record.is_private,
    sync_status: entry.sync_status,
    last_synced_at: entry.last_synced_at,
    content_hash: entry.content_hash,
  });
