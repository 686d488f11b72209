import * as z from 'zod/mini';

const positiveInt = (fallback: number) =>
  z._default(z.coerce.number().check(z.int(), z.positive()), fallback);

/** The receiver's configuration; every variable is validated at cold start, all failures in one message. */
export const ReceiverEnvSchema = z.object({
  STAGE: z.enum(['local', 'dev', 'stg', 'prod']),
  INBOUND_QUEUE_URL: z.url(),
  CLAIM_CHECK_BUCKET: z.string().check(z.minLength(3)),
  SECRET_PREFIX: z.string().check(z.regex(/^[A-Za-z0-9/_+=.@-]+[^/]$/)),
  AWS_REGION: z.string().check(z.minLength(1)),
  PUBLIC_BASE_URL: z.optional(z.url()),
  MAX_BODY_BYTES: positiveInt(4 * 1024 * 1024),
  CLAIM_CHECK_THRESHOLD_BYTES: positiveInt(900 * 1024),
  SECRET_CACHE_SECONDS: positiveInt(60),
  LOCAL_SECRETS_FILE: z.optional(z.string().check(z.minLength(1))),
  AWS_ENDPOINT_URL_S3: z.optional(z.url()),
});

export type ReceiverEnv = z.infer<typeof ReceiverEnvSchema>;

/** Parses the environment or throws one error naming every missing or invalid variable. */
export const parseReceiverEnv = (env: Record<string, string | undefined>): ReceiverEnv => {
  const result = ReceiverEnvSchema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
  throw new Error(`webhook-receiver configuration is invalid: ${problems.join('; ')}`);
};
