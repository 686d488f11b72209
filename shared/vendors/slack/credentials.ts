import * as z from 'zod';

/**
 * A tenant's Slack integration secret (`tsunagi/<stage>/<tenant>/integrations/slack`), snake_case JSON. The
 * daily sync needs the rotating app's client and refresh token; it writes back the rotated refresh token and
 * the new `access_token`. Chat routes post with `bot_token` (or that `access_token`). Lenient (`looseObject`):
 * what one consumer writes back stays for the others.
 */
const Text = z.string().min(1);

export const SlackIntegrationSecretSchema = z.looseObject({
  client_id: Text,
  client_secret: Text,
  refresh_token: Text,
  bot_token: Text.optional(),
  access_token: Text.optional(),
});
export type SlackIntegrationSecret = z.infer<typeof SlackIntegrationSecretSchema>;

/** Fields the chat destination takes its bot token from, in order (`shared/delivery/destinations/chat/slack.ts`). */
export const SLACK_CHAT_TOKEN_FIELDS = ['bot_token', 'access_token', 'token'] as const;
