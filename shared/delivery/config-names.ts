/**
 * Names shared by the router, the worker, the stacks and local mode. Environment variables of the two
 * consumers (each parsed by the function's own zod env schema):
 *
 * event-router:    STAGE, DELIVERY_QUEUE_URL, CLAIM_CHECK_BUCKET, TENANT_TABLE (the mbc-cqrs data table),
 *                  IDEMPOTENCY_TABLE, DELIVERY_LOG_TABLE, DELIVERY_LOG_RETENTION_DAYS (default 14),
 *                  TENANT_CACHE_SECONDS (default 30), POWERTOOLS_SERVICE_NAME=event-router
 * delivery-worker: STAGE, DELIVERY_DLQ_URL, MAX_RECEIVE_COUNT (default 3), DELIVERY_LOG_TABLE, DELIVERY_LOG_RETENTION_DAYS, IDEMPOTENCY_TABLE, CLAIM_CHECK_BUCKET,
 *                  TENANT_TABLE, SECRET_PREFIX, EMAIL_FROM, SECONDARY_EMAIL_URL (SendGrid `mail/send` shape),
 *                  SECONDARY_EMAIL_KEY_SECRET (Secrets Manager name of its API key), SLACK_API_BASE_URL
 *                  (default https://slack.com/api), GRAPH_API_BASE_URL (default https://graph.microsoft.com),
 *                  LINE_WORKS_API_BASE_URL (default https://www.worksapis.com), DELIVERY_PER_ATTEMPT_TIMEOUT_MS
 *                  (default 10000), GRAPH_LOGIN_BASE_URL / LINE_WORKS_AUTH_BASE_URL (token endpoints; default to
 *                  the real identity providers only when the API base URL is the real one),
 *                  POWERTOOLS_SERVICE_NAME=delivery-worker
 * Local mode adds AWS_ENDPOINT_URL_{SQS,S3,DYNAMODB,SES,SECRETS_MANAGER} and LOCAL_SECRETS_FILE.
 */

/** Delivery log table: pk `EVENT#<event id>`, sk `ROUTING` | `DELIVERY#<route id>`, TTL attribute `expires_at`. */
export const DELIVERY_LOG_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expires_at' } as const;

/** Powertools idempotency table: partition key `id`, TTL attribute `expiration` (Powertools' defaults). */
export const IDEMPOTENCY_KEYS = { partition: 'id', ttl: 'expiration' } as const;

/** Per-stage table and queue names, so stacks and local mode agree. */
export const deliveryResourceNames = (stage: string) => ({
  deliveryQueue: `tsunagi-${stage}-delivery`,
  deliveryDlq: `tsunagi-${stage}-delivery-dlq`,
  deliveryLogTable: `tsunagi-${stage}-delivery-log`,
  idempotencyTable: `tsunagi-${stage}-idempotency`,
});
