import * as z from 'zod';

// Loose objects, lenient fields: a record the platform can still use must never fail a whole page. What one
// feature needs on top (sync needs a group's `groupName`) it adds itself.
const optionalText = z.string().nullish();

/** A directory user from LINE WORKS `GET /v1.0/users`, as far as the platform reads it. */
export const LineWorksUserSchema = z.looseObject({
  userId: z.string().min(1),
  email: optionalText,
  userName: z.looseObject({ lastName: optionalText, firstName: optionalText }).nullish(),
  isDeleted: z.boolean().nullish(),
  isSuspended: z.boolean().nullish(),
  isPending: z.boolean().nullish(),
  userExternalKey: optionalText,
});
export type LineWorksUser = z.infer<typeof LineWorksUserSchema>;

/** A group from LINE WORKS `GET /v1.0/groups`. */
export const LineWorksGroupSchema = z.looseObject({
  groupId: z.string().min(1),
  groupName: optionalText,
  description: optionalText,
});
export type LineWorksGroup = z.infer<typeof LineWorksGroupSchema>;
