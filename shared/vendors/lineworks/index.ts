/**
 * Everything the platform knows about LINE WORKS (API 2.0): how it signs bot callbacks, its records, base URLs,
 * the service-account JWT, limits, error codes and rate limits. The system id in tenant files is `LINE_WORKS` and the webhook provider
 * id is `lineworks`. Users:
 * - inbound webhooks: `shared/webhooks/schemes/lineworks.ts` (verifies with `bot-callbacks.ts`);
 * - chat delivery: `shared/delivery/destinations/chat/lineworks.ts` (bot messages);
 * - the daily sync: `shared/sync/connectors/lineworks.ts` and `shared/sync/engine/vendors/lineworks.ts`;
 * - local mode: `infra/local/vendors/lineworks*.ts` (the fake API and authorization server).
 */
export * from './bot-callbacks.ts';
export * from './credentials.ts';
export * from './records.ts';
export * from './service-account.ts';
export * from './works-api.ts';
