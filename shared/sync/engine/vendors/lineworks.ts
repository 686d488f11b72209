import * as z from 'zod';
import {
  LineWorksGroupSchema,
  type LineWorksUser,
  LineWorksUserSchema,
} from '../../../vendors/lineworks/index.ts';
import { parseVendorRecord } from '../normalise.ts';
import type { ExternalGroup, ExternalUser } from '../records.ts';

// Sync names every group it stores: a group without a name is a malformed record.
const DirectoryGroupSchema = LineWorksGroupSchema.extend({ groupName: z.string() });

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
  const group = parseVendorRecord(DirectoryGroupSchema, raw, 'LINE WORKS group', 'groupId');
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
