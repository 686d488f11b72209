import * as z from 'zod';
import { MBC_CQRS_STAGES, TSUNAGI_APP_NAME } from './mbc-cqrs-table-names.ts';

// The framework validates these at start although the tenant writer never uses S3 (attributes stay under
// ATTRIBUTE_LIMIT_SIZE), Step Functions, SES or AppSync; inert defaults spare operators from inventing them.
const UNUSED_BY_TENANT_WRITER = {
  S3_BUCKET_NAME: 'tsunagi-unused',
  SFN_COMMAND_ARN: 'arn:aws:states:ap-northeast-1:000000000000:stateMachine:tsunagi-unused',
  SES_FROM_EMAIL: 'noreply@tsunagi.invalid',
  APPSYNC_ENDPOINT: 'https://appsync.tsunagi.invalid/graphql',
} as const;

/** The environment @mbc-cqrs-serverless/core needs to start the tenant writer; the framework reads process.env. */
export const TenantWriterEnvSchema = z.object({
  NODE_ENV: z.enum(MBC_CQRS_STAGES, { error: `must be one of ${MBC_CQRS_STAGES.join(', ')} (the stage)` }),
  APP_NAME: z.string().min(1).default(TSUNAGI_APP_NAME),
  LOG_LEVEL: z.enum(['debug', 'verbose', 'info', 'warn', 'error']).default('warn'),
  EVENT_SOURCE_DISABLED: z
    .literal('true', { error: 'must be "true" (the writer never runs the event pipeline)' })
    .default('true'),
  /** Attributes above this many bytes would move to S3; the writer refuses them instead. 380 KiB by default. */
  ATTRIBUTE_LIMIT_SIZE: z.coerce.number().int().positive().max(389_120).default(389_120),
  S3_BUCKET_NAME: z.string().min(1).default(UNUSED_BY_TENANT_WRITER.S3_BUCKET_NAME),
  SFN_COMMAND_ARN: z.string().min(1).default(UNUSED_BY_TENANT_WRITER.SFN_COMMAND_ARN),
  SES_FROM_EMAIL: z.string().min(1).default(UNUSED_BY_TENANT_WRITER.SES_FROM_EMAIL),
  APPSYNC_ENDPOINT: z.url().default(UNUSED_BY_TENANT_WRITER.APPSYNC_ENDPOINT),
  /** Local stand-in (dynalite) endpoint; unset in AWS. */
  DYNAMODB_ENDPOINT: z.url().optional(),
  DYNAMODB_REGION: z.string().min(1).optional(),
  S3_ENDPOINT: z.url().optional(),
});

export type TenantWriterEnv = z.infer<typeof TenantWriterEnvSchema>;

/** Parses the writer's environment or throws one error naming every missing or invalid variable. */
export const parseTenantWriterEnv = (env: Record<string, string | undefined>): TenantWriterEnv => {
  const result = TenantWriterEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`tenant writer configuration is invalid: ${problems.join('; ')}`);
};

/** The variables to export before the framework starts (it reads them from process.env only). */
export const frameworkEnv = (env: TenantWriterEnv): Record<string, string> =>
  Object.fromEntries(
    Object.entries(env).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])),
  );
