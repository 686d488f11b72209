import * as z from 'zod';

// Loose objects, lenient fields: a record the platform can still use must never fail a whole page. What one
// feature needs on top (sync needs a team's and a channel's `displayName`) it adds itself.
const optionalText = z.string().nullish();

/**
 * A directory user from `/users` (or `/users/delta`, where a removed user carries only `id` and `@removed`, so
 * every other field is optional).
 */
export const GraphUserSchema = z.looseObject({
  id: z.string().min(1),
  displayName: optionalText,
  mail: optionalText,
  userPrincipalName: optionalText,
  accountEnabled: z.boolean().nullish(),
  '@removed': z.looseObject({ reason: z.string().optional() }).optional(),
});
export type GraphUser = z.infer<typeof GraphUserSchema>;

// Teams and channels are both named directory objects with these fields.
const namedObject = {
  id: z.string().min(1),
  displayName: optionalText,
  description: optionalText,
  isArchived: z.boolean().nullish(),
};

/** A team from `GET /teams` (or `/teams/{id}`, which adds `visibility` and `isArchived`). */
export const GraphTeamSchema = z.looseObject({ ...namedObject, visibility: optionalText });
export type GraphTeam = z.infer<typeof GraphTeamSchema>;

/** A channel from `GET /teams/{id}/channels` (`membershipType`: standard, private or shared). */
export const GraphChannelSchema = z.looseObject({ ...namedObject, membershipType: optionalText });
export type GraphChannel = z.infer<typeof GraphChannelSchema>;

/**
 * How the platform names a Teams channel: `<team id>/<channel id>`. Routes, notification targets and the sync's
 * group records all use this form.
 */
export const teamsChannelId = (teamId: string, channelId: string): string => `${teamId}/${channelId}`;

/** The two halves of a `<team id>/<channel id>` (the tenant schema has checked the shape). */
export const splitTeamsChannel = (channelId: string): { teamId: string; channelId: string } => {
  const slash = channelId.indexOf('/');
  return { teamId: channelId.slice(0, slash), channelId: channelId.slice(slash + 1) };
};
