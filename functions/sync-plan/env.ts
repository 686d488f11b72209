import * as z from 'zod';
import {
  BucketSchema,
  parseFunctionEnv,
  StageSchema,
  TableNameSchema,
} from '../../shared/adapters/sync/sync-env.ts';
import { zodEnvContract } from '../../shared/kernel/env-contract.ts';

/** sync-plan's configuration (the one list of its variable names; see the contract below). */
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

/** The sync-plan function's variable names, for the stacks, local mode and the contract test. */
export const SYNC_PLAN_ENV = zodEnvContract('sync-plan', SyncPlanEnvSchema);
