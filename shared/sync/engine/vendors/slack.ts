import * as z from 'zod';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

// Loose objects: Slack adds fields over time, and a new field must never fail a tenant's sync.
const optionalText = z.string().nullish();

/** A member of Slack `users.list` (only the fields the engine reads). */
export const SlackMemberSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  deleted: z.boolean().optional(),
  real_name: optionalText,
  is_bot: z.boolean().optional(),
  is_app_user: z.boolean().optional(),
  profile: z
    .looseObject({ email: optionalText, display_name: optionalText, real_name: optionalText })
    .optional(),
});
export type SlackMember = z.infer<typeof SlackMemberSchema>;

/** A channel of Slack `conversations.list` (only the fields the engine reads). */
export const SlackChannelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  is_private: z.boolean().optional(),
  is_archived: z.boolean().optional(),
});
export type SlackChannel = z.infer<typeof SlackChannelSchema>;

// Slackbot is a built-in user with a fixed id that Slack reports with `is_bot: false`.
const SLACKBOT_ID = 'USLACKBOT';

const firstText = (...values: (string | null | undefined)[]): string | undefined =>
  values.find((value): value is string => typeof value === 'string' && value.trim() !== '');

/** Normalises a Slack `users.list` member; bots, apps and Slackbot are flagged, `deleted` is a deletion. */
export const fromSlackMember = (raw: unknown): ExternalUser => {
  const member = parseVendorRecord(SlackMemberSchema, raw, 'Slack member', 'id');
  const profile = member.profile ?? {};
  return {
    external_id: member.id,
    username: member.name,
    // Slack shows the display name when set, else the real name: the name people know each other by.
    display_name: firstText(profile.display_name, profile.real_name, member.real_name) ?? member.name,
    email: firstText(profile.email) ?? null,
    is_bot: member.is_bot === true || member.is_app_user === true || member.id === SLACKBOT_ID,
    is_deleted: member.deleted === true,
    // Slack has no suspension: a deactivated account is `deleted`.
    is_suspended: false,
  };
};

/** Normalises a Slack `conversations.list` channel. */
export const fromSlackChannel = (raw: unknown): ExternalGroup => {
  const channel = parseVendorRecord(SlackChannelSchema, raw, 'Slack channel', 'id');
  return {
    external_id: channel.id,
    kind: 'channel',
    name: channel.name,
    parent_id: null,
    is_private: channel.is_private === true,
    is_archived: channel.is_archived === true,
  };
};
