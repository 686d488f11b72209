import * as z from 'zod';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

const optionalText = z.string().nullish();

/**
 * A Microsoft Graph user from `/users` or `/users/delta`. A delta entry for a removed user carries only `id`
 * and `@removed`, so every other field is optional.
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

/** A team from `GET /teams` (or `/teams/{id}`, which adds `visibility` and `isArchived`). */
export const GraphTeamSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  visibility: optionalText,
  isArchived: z.boolean().nullish(),
});
export type GraphTeam = z.infer<typeof GraphTeamSchema>;

/** A channel from `GET /teams/{id}/channels`. */
export const GraphChannelSchema = z.looseObject({
  id: z.string().min(1),
  displayName: z.string(),
  membershipType: optionalText,
  isArchived: z.boolean().nullish(),
});
export type GraphChannel = z.infer<typeof GraphChannelSchema>;

/** Normalises a Graph user: `@removed` (soft or hard) is a deletion, `accountEnabled: false` a suspension. */
export const fromGraphUser = (raw: unknown): ExternalUser => {
  const user = parseVendorRecord(GraphUserSchema, raw, 'Graph user', 'id');
  const username = user.userPrincipalName ?? user.id;
  return {
    external_id: user.id,
    username,
    display_name: user.displayName ?? username,
    // Never fall back to the UPN: it is a sign-in name, not a mailbox (guests look like
    // `alice_example.com#EXT#@contoso.onmicrosoft.com`), and mapping must match real identities only.
    email: user.mail ?? null,
    // `/users` lists people only; apps are service principals, so Graph never hands over a bot here.
    is_bot: false,
    is_deleted: user['@removed'] !== undefined,
    // Absent when not `$select`ed: only an explicit `false` says the account is disabled.
    is_suspended: user.accountEnabled === false,
  };
};

/** Normalises a Teams team (a group that contains channels). */
export const fromGraphTeam = (raw: unknown): ExternalGroup => {
  const team = parseVendorRecord(GraphTeamSchema, raw, 'Graph team', 'id');
  return {
    external_id: team.id,
    kind: 'team',
    name: team.displayName,
    parent_id: null,
    is_private: team.visibility?.toLowerCase() === 'private',
    is_archived: team.isArchived === true,
  };
};

/**
 * Normalises a channel of `teamId`. Its id is `<team id>/<channel id>`, the form chat destinations use,
 * so notification targets and routes refer to channels the same way.
 */
export const fromGraphChannel = (raw: unknown, teamId: string): ExternalGroup => {
  const channel = parseVendorRecord(GraphChannelSchema, raw, 'Graph channel', 'id');
  return {
    external_id: `${teamId}/${channel.id}`,
    kind: 'team_channel',
    name: channel.displayName,
    parent_id: teamId,
    // Private and shared channels both have their own membership, unlike standard ones.
    is_private: (channel.membershipType ?? 'standard') !== 'standard',
    is_archived: channel.isArchived === true,
  };
};
