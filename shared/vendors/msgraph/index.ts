/**
 * Everything the platform knows about Microsoft Graph, which Microsoft Teams is reached through: its change
 * notifications, records, base URLs, token endpoints and scopes, limits, error codes and throttling limits. The
 * system id in tenant files is `TEAMS` and the webhook provider id is `msgraph`; the code's files are named
 * `msgraph`. Users:
 * - inbound webhooks: `shared/webhooks/schemes/msgraph.ts` (verifies with `change-notifications.ts`);
 * - chat delivery: `shared/delivery/destinations/chat/msgraph.ts` and `msgraph-tokens.ts` (delegated tokens);
 * - the daily sync: `shared/sync/connectors/msgraph.ts` and `shared/sync/engine/vendors/msgraph.ts`;
 * - local mode: `infra/local/vendors/msgraph*.ts` (the fake Graph and identity platform).
 */
export * from './change-notifications.ts';
export * from './credentials.ts';
export * from './graph-api.ts';
export * from './records.ts';
