import * as z from 'zod';
import { RetryScheduleSchema } from '../../shared/delivery/schedule/retry-schedule.ts';
import { zodEnvContract } from '../../shared/kernel/env-contract.ts';
import { VENDOR_ENDPOINTS } from '../../shared/vendors/endpoints.ts';

// DynamoDB's own rule for table names.
const TableNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name');
const HttpUrlSchema = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** The real services; a base URL pointed elsewhere (a fake) takes the token endpoints with it unless set. */
export const DEFAULT_ENDPOINTS = VENDOR_ENDPOINTS;

/**
 * The worker's configuration (the one list of its variable names; see DELIVERY_WORKER_ENV below).
 * The SDK reads `AWS_ENDPOINT_URL_*` itself in local mode and Powertools its `POWERTOOLS_*` variables.
 */
/** The variables, before the cross-field rules. */
const DeliveryWorkerVariablesSchema = z.object({
  STAGE: z.enum(['local', 'dev', 'stg', 'prod'], { error: 'must be one of local, dev, stg, prod' }),
  AWS_REGION: z.string().min(1, 'must name a region'),
  DELIVERY_LOG_TABLE: TableNameSchema,
  DELIVERY_LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(14),
  IDEMPOTENCY_TABLE: TableNameSchema,
  CLAIM_CHECK_BUCKET: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name'),
  TENANT_TABLE: TableNameSchema,
  SECRET_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9/_+=.@-]*[^/]$/, 'must be a secret name prefix without a trailing /'),
  EMAIL_FROM: z.email('must be an email address'),
  SECONDARY_EMAIL_URL: HttpUrlSchema.optional(),
  SECONDARY_EMAIL_KEY_SECRET: z.string().min(1).optional(),
  SLACK_API_BASE_URL: HttpUrlSchema.default(DEFAULT_ENDPOINTS.SLACK_API_BASE_URL),
  GRAPH_API_BASE_URL: HttpUrlSchema.default(DEFAULT_ENDPOINTS.GRAPH_API_BASE_URL),
  GRAPH_LOGIN_BASE_URL: HttpUrlSchema.optional(),
  LINE_WORKS_API_BASE_URL: HttpUrlSchema.default(DEFAULT_ENDPOINTS.LINE_WORKS_API_BASE_URL),
  LINE_WORKS_AUTH_BASE_URL: HttpUrlSchema.optional(),
  DELIVERY_PER_ATTEMPT_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  /**
   * How long an open breaker sheds calls (default 30 s). A shed delivery is re-enqueued for after the cool-down
   * without counting as an attempt.
   */
  CIRCUIT_COOL_DOWN_MS: z.coerce.number().int().min(100).max(600_000).optional(),
  /** Permanent failures, and deliveries whose retry schedule is exhausted, are sent here with their reason. */
  DELIVERY_DLQ_URL: HttpUrlSchema,
  /** The worker's own queue: a failed delivery is re-enqueued here, delayed until its next attempt. */
  DELIVERY_QUEUE_URL: HttpUrlSchema,
  /**
   * The stage's retry schedules, JSON `{"http": {"delays_ms": […], "jitter": 0.2}, …}`; a kind left out keeps
   * the default (README, "Retries").
   */
  RETRY_SCHEDULES: z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(z.partialRecord(z.enum(['http', 'email', 'chat']), RetryScheduleSchema))
    .optional(),
  /** Divides every scheduled wait; 1 in AWS. Local mode runs the days-long schedules in minutes with it. */
  DELIVERY_TIME_SCALE: z.coerce.number().min(1).max(1_000_000).default(1),
  /**
   * The delivery queue's redrive maxReceiveCount. Retries are new messages, so this only bounds a record the
   * worker could not re-enqueue (or that crashed it): its failure on that receive is recorded `dead_lettered`.
   */
  MAX_RECEIVE_COUNT: z.coerce.number().int().min(1).max(1000).default(3),
  /** Endpoint health records and the deliveries held while a destination is disabled. */
  ENDPOINTS_TABLE: TableNameSchema,
  /** A destination failing this long without a single success is disabled; 120 h (5 days) by default. */
  ENDPOINT_DISABLE_AFTER_HOURS: z.coerce
    .number()
    .min(0.01)
    .max(24 * 90)
    .default(120),
  /** The stage's alert topic: endpoint state changes are published there. Unset: they are only logged. */
  ALERT_TOPIC_ARN: z
    .string()
    .regex(/^arn:aws[a-z-]*:sns:/, 'must be an SNS topic ARN')
    .optional(),
  /** Local mode: secrets from `{ "<name>": "<SecretString>" }` instead of Secrets Manager. */
  LOCAL_SECRETS_FILE: z.string().min(1).optional(),
  /** Local mode's object store; S3 is then addressed path-style. */
  AWS_ENDPOINT_URL_S3: HttpUrlSchema.optional(),
});

export const DeliveryWorkerEnvSchema = DeliveryWorkerVariablesSchema.refine(
  (env) => (env.SECONDARY_EMAIL_URL === undefined) === (env.SECONDARY_EMAIL_KEY_SECRET === undefined),
  {
    path: ['SECONDARY_EMAIL_URL'],
    message: 'SECONDARY_EMAIL_URL and SECONDARY_EMAIL_KEY_SECRET are set together or not at all',
  },
).transform((env) => ({
  ...env,
  // Never send a fake's credentials to a real identity provider: a moved API base moves its token endpoint.
  GRAPH_LOGIN_BASE_URL:
    env.GRAPH_LOGIN_BASE_URL ??
    (env.GRAPH_API_BASE_URL === DEFAULT_ENDPOINTS.GRAPH_API_BASE_URL
      ? DEFAULT_ENDPOINTS.GRAPH_LOGIN_BASE_URL
      : env.GRAPH_API_BASE_URL),
  LINE_WORKS_AUTH_BASE_URL:
    env.LINE_WORKS_AUTH_BASE_URL ??
    (env.LINE_WORKS_API_BASE_URL === DEFAULT_ENDPOINTS.LINE_WORKS_API_BASE_URL
      ? DEFAULT_ENDPOINTS.LINE_WORKS_AUTH_BASE_URL
      : env.LINE_WORKS_API_BASE_URL),
}));

/** The parsed configuration, with defaults applied. */
export type DeliveryWorkerEnv = z.infer<typeof DeliveryWorkerEnvSchema>;

/** Parses the environment once at cold start, or throws one error naming every missing or invalid variable. */
export const parseDeliveryWorkerEnv = (env: Record<string, string | undefined>): DeliveryWorkerEnv => {
  // An empty variable is an unset one (CDK and shells produce them), so defaults apply to it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = DeliveryWorkerEnvSchema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`delivery-worker configuration is invalid: ${problems.join('; ')}`);
};

/** The worker's variable names, for the stacks, local mode and the contract test. */
export const DELIVERY_WORKER_ENV = zodEnvContract('delivery-worker', DeliveryWorkerVariablesSchema);
