import * as z from 'zod';

/**
 * A tenant's LINE WORKS integration secret (`tsunagi/<stage>/<tenant>/integrations/line-works`), snake_case JSON:
 * the Developer Console app and its service account, whose PEM private key signs the RS256 assertion both the
 * daily sync and chat routes redeem for tokens.
 */
const Text = z.string().min(1);

export const LineWorksIntegrationSecretSchema = z.looseObject({
  client_id: Text,
  client_secret: Text,
  service_account: Text,
  private_key: Text,
  scope: Text.default('user.read group.read'),
  refresh_token: Text.optional(),
});
export type LineWorksIntegrationSecret = z.infer<typeof LineWorksIntegrationSecretSchema>;
