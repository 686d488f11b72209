import * as z from 'zod';

// Loose objects, lenient fields: Slack adds and relaxes fields over time, and a record the platform can still
// use must never fail a whole page. What one feature needs on top (sync needs a member's `name`) it adds itself.
const optionalText = z.string().nullish();

/** A member of Slack `users.list`, as far as the platform reads it; other fields pass through untouched. */
export const SlackMemberSchema = z.looseObject({
  id: z.string().min(1),
  team_id: optionalText,
  name: optionalText,
  deleted: z.boolean().nullish(),
  real_name: optionalText,
  is_bot: z.boolean().nullish(),
  is_app_user: z.boolean().nullish(),
  updated: z.number().nullish(),
  tz: optionalText,
  profile: z
    .looseObject({ email: optionalText, display_name: optionalText, real_name: optionalText })
    .nullish(),
});
export type SlackMember = z.infer<typeof SlackMemberSchema>;

/** A channel of Slack `conversations.list`, as far as the platform reads it. */
export const SlackChannelSchema = z.looseObject({
  id: z.string().min(1),
  name: z.string(),
  is_private: z.boolean().nullish(),
  is_archived: z.boolean().nullish(),
  is_member: z.boolean().nullish(),
  num_members: z.number().nullish(),
  updated: z.number().nullish(),
});
export type SlackChannel = z.infer<typeof SlackChannelSchema>;

/** Slackbot is a built-in user with this fixed id, which Slack reports with `is_bot: false`. */
export const SLACKBOT_ID = 'USLACKBOT';
