import * as z from 'zod';
import { parseTenantWriterEnv, type TenantWriterEnv } from '../kernel/mbc-cqrs-env.ts';
import { MBC_CQRS_STAGES } from '../kernel/mbc-cqrs-table-names.ts';

/** DynamoDB's own rule for table names. */
export const TableNameSchema = z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, 'must be a DynamoDB table name');

/** An S3 bucket name. */
export const BucketSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be an S3 bucket name');

/** The stage, which is also the framework's NODE_ENV. */
export const StageSchema = z.enum(MBC_CQRS_STAGES, { error: `must be one of ${MBC_CQRS_STAGES.join(', ')}` });

/** Parses a function's environment once, or throws one error naming every missing or invalid variable. */
export const parseFunctionEnv = <S extends z.ZodType>(
  name: string,
  schema: S,
  env: Record<string, string | undefined>,
): z.output<S> => {
  // An empty variable is an unset one (CDK and shells produce them), so defaults apply to it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = schema.safeParse(present);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`${name} configuration is invalid: ${problems.join('; ')}`);
};

/**
 * The framework's environment for the `sync` module's publishSync, derived from the function's own: the stage is
 * NODE_ENV, and local mode's `AWS_ENDPOINT_URL_DYNAMODB` is the framework's `DYNAMODB_ENDPOINT`.
 */
export const syncFrameworkEnv = (stage: string, env: Record<string, string | undefined>): TenantWriterEnv =>
  parseTenantWriterEnv({
    ...env,
    NODE_ENV: stage,
    DYNAMODB_ENDPOINT: env.DYNAMODB_ENDPOINT ?? env.AWS_ENDPOINT_URL_DYNAMODB,
    DYNAMODB_REGION: env.DYNAMODB_REGION ?? env.AWS_REGION,
  });

/** Refuses a SYNC_TABLE other than the one the framework will write (`${NODE_ENV}-${APP_NAME}-sync-data`). */
export const assertSyncTable = (framework: TenantWriterEnv, syncTable: string): void => {
  const expected = `${framework.NODE_ENV}-${framework.APP_NAME}-sync-data`;
  if (syncTable !== expected) {
    throw new Error(
      `SYNC_TABLE is ${syncTable}, but the framework writes ${expected} (STAGE and APP_NAME decide it)`,
    );
  }
};
