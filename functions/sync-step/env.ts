import * as z from 'zod';
import { parseFunctionEnv, StageSchema, TableNameSchema } from '../../shared/adapters/sync/sync-env.ts';
import { zodEnvContract } from '../../shared/kernel/env-contract.ts';
import { VENDOR_ENDPOINTS } from '../../shared/vendors/endpoints.ts';

const BaseUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * sync-step's configuration (the one list of its variable names; see the contract below). The vendor base URLs default to the
 * real ones; local mode points them at the fakes. The SDK reads `AWS_ENDPOINT_URL_*` itself.
 */
export const SyncStepEnvSchema = z.object({
  STAGE: StageSchema,
  AWS_REGION: z.string().min(1, 'must name a region'),
  TENANT_TABLE: TableNameSchema,
  SYNC_TABLE: TableNameSchema,
  SECRET_PREFIX: z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,256}$/, 'must be a secret name prefix'),
  SLACK_API_BASE_URL: BaseUrl.default(VENDOR_ENDPOINTS.SLACK_API_BASE_URL),
  GRAPH_API_BASE_URL: BaseUrl.default(VENDOR_ENDPOINTS.GRAPH_API_BASE_URL),
  GRAPH_LOGIN_BASE_URL: BaseUrl.default(VENDOR_ENDPOINTS.GRAPH_LOGIN_BASE_URL),
  LINE_WORKS_API_BASE_URL: BaseUrl.default(VENDOR_ENDPOINTS.LINE_WORKS_API_BASE_URL),
  LINE_WORKS_AUTH_BASE_URL: BaseUrl.default(VENDOR_ENDPOINTS.LINE_WORKS_AUTH_BASE_URL),
  /** Longer rate-limit waits go to the state machine's Wait state; keep well under the function timeout. */
  MAX_IN_LAMBDA_WAIT_SECONDS: z.coerce.number().int().min(0).max(300).default(20),
  /** Local mode: credentials from this JSON file instead of Secrets Manager. */
  LOCAL_SECRETS_FILE: z.string().min(1).optional(),
});

/** The parsed configuration, with defaults applied. */
export type SyncStepEnv = z.infer<typeof SyncStepEnvSchema>;

/** Parses the environment once at cold start, or throws one error naming every bad variable. */
export const parseSyncStepEnv = (env: Record<string, string | undefined>): SyncStepEnv =>
  parseFunctionEnv('sync-step', SyncStepEnvSchema, env);

/** The sync-step function's variable names, for the stacks, local mode and the contract test. */
export const SYNC_STEP_ENV = zodEnvContract('sync-step', SyncStepEnvSchema);
