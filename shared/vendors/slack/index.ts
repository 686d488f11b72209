/**
 * Everything the platform knows about Slack: how it signs requests, its records, the Web API's base URL,
 * limits, error codes and rate limits. The features that speak Slack use this folder:
 * - inbound webhooks: `shared/webhooks/schemes/slack.ts` (verifies with `request-signing.ts`);
 * - chat delivery: `shared/delivery/destinations/chat/slack.ts` (`chat.postMessage`);
 * - the daily sync: `shared/sync/connectors/slack.ts` (token rotation, `users.list`, `conversations.list`) and
 *   `shared/sync/engine/vendors/slack.ts` (records → users and groups);
 * - local mode: `infra/local/vendors/slack.ts` and `infra/local/fakes/slack.ts` (the fake Web API).
 */
export * from './credentials.ts';
export * from './records.ts';
export * from './request-signing.ts';
export * from './web-api.ts';
