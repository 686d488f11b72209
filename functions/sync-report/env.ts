import * as z from 'zod';
import {
  BucketSchema,
  parseFunctionEnv,
  StageSchema,
  TableNameSchema,
} from '../../shared/adapters/sync/sync-env.ts';
import { zodEnvContract } from '../../shared/kernel/env-contract.ts';

/** sync-report's configuration (the one list of its variable names; see the contract below). */
export const SyncReportEnvSchema = z.object({
  STAGE: StageSchema,
  AWS_REGION: z.string().min(1, 'must name a region'),
  /** The `sync` module's data table; the framework derives the same name from STAGE, checked at start. */
  SYNC_TABLE: TableNameSchema,
  SYNC_BUCKET: BucketSchema,
  EMAIL_FROM: z.email('must be an e-mail address (an SES verified identity)'),
  /** Comma-separated; empty or unset sends no mail. */
  REPORT_EMAIL_TO: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((address) => address.trim())
        .filter((address) => address !== ''),
    )
    .pipe(z.array(z.email('must be comma-separated e-mail addresses'))),
});

/** The parsed configuration. */
export type SyncReportEnv = z.infer<typeof SyncReportEnvSchema>;

/** Parses the environment once at cold start, or throws one error naming every bad variable. */
export const parseSyncReportEnv = (env: Record<string, string | undefined>): SyncReportEnv =>
  parseFunctionEnv('sync-report', SyncReportEnvSchema, env);

/** The sync-report function's variable names, for the stacks, local mode and the contract test. */
export const SYNC_REPORT_ENV = zodEnvContract('sync-report', SyncReportEnvSchema);
