import * as z from 'zod';
import { SLACKBOT_ID, SlackChannelSchema, SlackMemberSchema } from '../../../vendors/slack/index.ts';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

/** A member as sync reads it: the vendor record, and a `name` to use as the username. */
const DirectoryMemberSchema = SlackMemberSchema.extend({ name: z.string() });

const firstText = (...values: (string | null | undefined)[]): string | undefined =>
  values.find((value): value is string => typeof value === 'string' && value.trim() !== '');

/** Normalises a Slack `users.list` member; bots, apps and Slackbot are flagged, `deleted` is a deletion. */
export const fromSlackMember = (raw: unknown): ExternalUser => {
  const member = parseVendorRecord(DirectoryMemberSchema, raw, 'Slack member', 'id');
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
