import * as z from 'zod';

/** A vendor user as every connector hands it to the engine, whatever the chat system. */
export const ExternalUserSchema = z.object({
  external_id: z.string().min(1),
  username: z.string(),
  display_name: z.string(),
  email: z.string().nullable(),
  is_bot: z.boolean(),
  is_deleted: z.boolean(),
  is_suspended: z.boolean(),
});
export type ExternalUser = z.infer<typeof ExternalUserSchema>;

/** What a group is at its vendor: a Slack channel, a Teams team or channel of a team, a LINE WORKS group. */
export const GROUP_KINDS = ['channel', 'team', 'team_channel', 'group'] as const;
export const GroupKindSchema = z.enum(GROUP_KINDS);
export type GroupKind = z.infer<typeof GroupKindSchema>;

/** A vendor channel, team or group as every connector hands it to the engine. */
export const ExternalGroupSchema = z.object({
  external_id: z.string().min(1),
  kind: GroupKindSchema,
  name: z.string(),
  /** The containing record, e.g. the team of a Teams channel; `null` at the top level. */
  parent_id: z.string().nullable(),
  is_private: z.boolean(),
  is_archived: z.boolean(),
});
export type ExternalGroup = z.infer<typeof ExternalGroupSchema>;

/** Any normalised record the diff accepts (users may carry extra fields such as their internal user id). */
export type ExternalRecord = ExternalUser | ExternalGroup;

/** Bots and apps are never stored: they are not people an alert or a mapping can point at. */
export const isBotRecord = (record: ExternalRecord): boolean => 'is_bot' in record && record.is_bot;

/** The vendor says the record is gone (not merely absent from a page). */
export const isDeletedRecord = (record: ExternalRecord): boolean =>
  'is_deleted' in record && record.is_deleted;

/** Present but unusable for now (suspended, pending or archived); it can come back without a new id. */
export const isInactiveRecord = (record: ExternalRecord): boolean =>
  ('is_suspended' in record && record.is_suspended) || ('is_archived' in record && record.is_archived);
