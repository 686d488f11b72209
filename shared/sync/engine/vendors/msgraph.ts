import * as z from 'zod';
import {
  GraphChannelSchema,
  GraphTeamSchema,
  GraphUserSchema,
  teamsChannelId,
} from '../../../vendors/msgraph/index.ts';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

// Sync names every group it stores: a team or channel without a display name is a malformed record.
const DirectoryTeamSchema = GraphTeamSchema.extend({ displayName: z.string() });
const DirectoryChannelSchema = GraphChannelSchema.extend({ displayName: z.string() });

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
  const team = parseVendorRecord(DirectoryTeamSchema, raw, 'Graph team', 'id');
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
  const channel = parseVendorRecord(DirectoryChannelSchema, raw, 'Graph channel', 'id');
  return {
    external_id: teamsChannelId(teamId, channel.id),
    kind: 'team_channel',
    name: channel.displayName,
    parent_id: teamId,
    // Private and shared channels both have their own membership, unlike standard ones.
    is_private: (channel.membershipType ?? 'standard') !== 'standard',
    is_archived: channel.isArchived === true,
  };
};
