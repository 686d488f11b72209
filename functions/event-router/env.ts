import * as z from 'zod';
import { zodEnvContract } from '../../shared/kernel/env-contract.ts';

// DynamoDB's own rule for table names.
const TableNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name');

/**
 * The router's configuration (the one list of its variable names; see EVENT_ROUTER_ENV below).
 * The SDK reads `AWS_ENDPOINT_URL_SQS` / `AWS_ENDPOINT_URL_DYNAMODB` itself in local mode, and Powertools its
 * `POWERTOOLS_*` variables; neither is parsed here.
 */
export const EventRouterEnvSchema = z.object({
  STAGE: z.enum(['local', 'dev', 'stg', 'prod'], { error: 'must be one of local, dev, stg, prod' }),
  AWS_REGION: z.string().min(1, 'must name a region'),
  DELIVERY_QUEUE_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) queue URL' }),
  /** Claim-checks may only point here; see readInboundEnvelope. */
  CLAIM_CHECK_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  /** The tenant module's mbc-cqrs data table, `tenantTableNames(stage).data`. */
  TENANT_TABLE: TableNameSchema,
  IDEMPOTENCY_TABLE: TableNameSchema,
  DELIVERY_LOG_TABLE: TableNameSchema,
  DELIVERY_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  /** 0 turns the tenant cache off (every event reads the table). */
  TENANT_CACHE_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  /** Local mode's object store (claim-checked bodies that route filters read); S3 is then path-style. */
  AWS_ENDPOINT_URL_S3: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
});

/** The parsed configuration, with defaults applied. */
export type EventRouterEnv = z.infer<typeof EventRouterEnvSchema>;

/** Parses the environment once at cold start, or throws one error naming every missing or invalid variable. */
export const parseEventRouterEnv = (env: Record<string, string | undefined>): EventRouterEnv => {
  // An empty variable is an unset one (CDK and shells produce them), so defaults apply to it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = EventRouterEnvSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`event-router configuration is invalid: ${problems.join('; ')}`);
};

/** The event-router function's variable names, for the stacks, local mode and the contract test. */
export const EVENT_ROUTER_ENV = zodEnvContract('event-router', EventRouterEnvSchema);
