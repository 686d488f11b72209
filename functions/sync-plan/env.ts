import * as z from 'zod';
import {
  BucketSchema,
  parseFunctionEnv,
  StageSchema,
  TableNameSchema,
} from '../../shared/adapters/sync/sync-env.ts';

/** sync-plan's configuration (names in shared/sync/workflow/config-names.ts). */
export const SyncPlanEnvSchema = z.object({
  STAGE: StageSchema,
  AWS_REGION: z.string().min(1, 'must name a region'),
  /** The tenant module's mbc-cqrs data table, `tenantTableNames(stage).data`. */
  TENANT_TABLE: TableNameSchema,
  SYNC_BUCKET: BucketSchema,
});

/** The parsed configuration. */
export type SyncPlanEnv = z.infer<typeof SyncPlanEnvSchema>;

/** Parses the environment once at cold start, or throws one error naming every bad variable. */
export const parseSyncPlanEnv = (env: Record<string, string | undefined>): SyncPlanEnv =>
  parseFunctionEnv('sync-plan', SyncPlanEnvSchema, env);
