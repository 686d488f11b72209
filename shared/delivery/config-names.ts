/**
 * Resource names and key schemas shared by the router, the worker, the stacks and local mode. Each function's
 * environment variables are its env contract (`EVENT_ROUTER_ENV`, `DELIVERY_WORKER_ENV` in functions/<name>/
 * env.ts), which the stacks are typed against and test/infra/env-contract.test.ts checks for every stage and
 * local mode.
 */

/** Delivery log table: pk `EVENT#<event id>`, sk `ROUTING` | `DELIVERY#<route id>`, TTL attribute `expires_at`. */
export const DELIVERY_LOG_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expires_at' } as const;

/**
 * The delivery log's tenant × time index: routing records by `tenant_id`, newest `received_at` first (delivery
 * items carry no `received_at`, so the index holds routing records only). The console's event search reads it.
 */
export const DELIVERY_LOG_TENANT_INDEX = {
  name: 'by-tenant-received',
  partition: 'tenant_id',
  sort: 'received_at',
} as const;

/** Powertools idempotency table: partition key `id`, TTL attribute `expiration` (Powertools' defaults). */
export const IDEMPOTENCY_KEYS = { partition: 'id', ttl: 'expiration' } as const;

/**
 * Endpoints table: pk `ENDPOINT#<tenant id>/<route id>`, sk `HEALTH` (the destination's health record) or
 * `HELD#<received at>#<delivery id>` (a delivery held while the destination is disabled, in order of receipt).
 * Held deliveries expire (TTL `expires_at`) after HELD_RETENTION_DAYS; health records never do.
 */
export const ENDPOINTS_KEYS = { partition: 'pk', sort: 'sk', ttl: 'expires_at' } as const;

/** How long a delivery held for a disabled destination is kept, waiting for the destination to be enabled. */
export const HELD_RETENTION_DAYS = 30;

/** Per-stage table and queue names, so stacks and local mode agree. */
export const deliveryResourceNames = (stage: string) => ({
  deliveryQueue: `tsunagi-${stage}-delivery`,
  deliveryDlq: `tsunagi-${stage}-delivery-dlq`,
  deliveryLogTable: `tsunagi-${stage}-delivery-log`,
  idempotencyTable: `tsunagi-${stage}-idempotency`,
  endpointsTable: `tsunagi-${stage}-endpoints`,
});
