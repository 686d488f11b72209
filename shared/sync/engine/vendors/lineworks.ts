import * as z from 'zod';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

const optionalText = z.string().nullish();

/** A user from LINE WORKS `GET /v1.0/users` (only the fields the engine reads). */
export const LineWorksUserSchema = z.looseObject({
  userId: z.string().min(1),
  email: optionalText,
  userName: z.looseObject({ lastName: optionalText, firstName: optionalText }).nullish(),
  isDeleted: z.boolean().optional(),
  isSuspended: z.boolean().optional(),
  isPending: z.boolean().optional(),
});
export type LineWorksUser = z.infer<typeof LineWorksUserSchema>;

/** A group from LINE WORKS `GET /v1.0/groups`. */
export const LineWorksGroupSchema = z.looseObject({
  groupId: z.string().min(1),
  groupName: z.string(),
  description: optionalText,
});
export type LineWorksGroup = z.infer<typeof LineWorksGroupSchema>;

// Family name first, as LINE WORKS itself shows Japanese names.
const fullName = (user: LineWorksUser): string =>
  [user.userName?.lastName, user.userName?.firstName]
    .filter((part): part is string => typeof part === 'string' && part.trim() !== '')
    .join(' ');

/** Normalises a LINE WORKS user; `isPending` counts as suspended: the invitation is not accepted yet. */
export const fromLineWorksUser = (raw: unknown): ExternalUser => {
  const user = parseVendorRecord(LineWorksUserSchema, raw, 'LINE WORKS user', 'userId');
  // The login id of a LINE WORKS account is its e-mail address.
  const username = user.email ?? user.userId;
  return {
    external_id: user.userId,
    username,
    display_name: fullName(user) || username,
    email: user.email ?? null,
    // The directory API lists members only; bots are a separate resource.
    is_bot: false,
    is_deleted: user.isDeleted === true,
    is_suspended: user.isSuspended === true || user.isPending === true,
  };
};

/** Normalises a LINE WORKS group. */
export const fromLineWorksGroup = (raw: unknown): ExternalGroup => {
  const group = parseVendorRecord(LineWorksGroupSchema, raw, 'LINE WORKS group', 'groupId');
  return {
    external_id: group.groupId,
    kind: 'group',
    name: group.groupName,
    parent_id: null,
    // The groups API documents neither a visibility nor an archived state.
    is_private: false,
    is_archived: false,
  };
};
