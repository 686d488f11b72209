import * as z from 'zod';

/**
 * A tenant's Teams integration secret (`tsunagi/<stage>/<tenant>/integrations/teams`), snake_case JSON: the
 * Entra ID app's client credentials for the daily sync, and for Teams chat routes the notifying account's
 * delegated `messaging_refresh_token`, which the delivery worker redeems and writes back rotated.
 */
const Text = z.string().min(1);

export const TeamsIntegrationSecretSchema = z.looseObject({
  tenant_id: Text,
  client_id: Text,
  client_secret: Text,
  messaging_refresh_token: Text.optional(),
});
export type TeamsIntegrationSecret = z.infer<typeof TeamsIntegrationSecretSchema>;

/** The field Teams chat routes need (`shared/delivery/destinations/chat/msgraph-tokens.ts`). */
export const TEAMS_MESSAGING_REFRESH_TOKEN = 'messaging_refresh_token';
