import { isStageName } from './env-rules.ts';

/**
 * The receiver's configuration, validated at cold start with every failure listed in one message.
 * Hand-written rather than zod: the receiver is the one latency-critical function, and zod/mini's import and
 * schema build measured ~4 ms of its cold start (bench `webhook.cold_start_ratio`). Other functions use zod.
 */
export interface ReceiverEnv {
  readonly STAGE: 'local' | 'dev' | 'stg' | 'prod';
  readonly INBOUND_QUEUE_URL: string;
  readonly CLAIM_CHECK_BUCKET: string;
  readonly SECRET_PREFIX: string;
  readonly AWS_REGION: string;
  readonly PUBLIC_BASE_URL: string | undefined;
  readonly MAX_BODY_BYTES: number;
  readonly CLAIM_CHECK_THRESHOLD_BYTES: number;
  readonly SECRET_CACHE_SECONDS: number;
  readonly LOCAL_SECRETS_FILE: string | undefined;
  readonly AWS_ENDPOINT_URL_S3: string | undefined;
}

type Source = Record<string, string | undefined>;

const isUrl = (value: string): boolean => URL.canParse(value) && /^https?:/.test(value);

/** Parses the environment or throws one error naming every missing or invalid variable. */
export const parseReceiverEnv = (env: Source): ReceiverEnv => {
  const problems: string[] = [];
  const required = (name: string, valid: (v: string) => boolean, expected: string): string => {
    const value = env[name];
    if (value === undefined || value === '') problems.push(`${name}: required (${expected})`);
    else if (!valid(value)) problems.push(`${name}: expected ${expected}`);
    return value ?? '';
  };
  const optional = (name: string, valid: (v: string) => boolean, expected: string): string | undefined => {
    const value = env[name];
    if (value === undefined || value === '') return undefined;
    if (!valid(value)) problems.push(`${name}: expected ${expected}`);
    return value;
  };
  const positiveInt = (name: string, fallback: number): number => {
    const raw = optional(name, (v) => /^[1-9][0-9]*$/.test(v), 'a positive integer');
    return raw === undefined ? fallback : Number(raw);
  };
  const parsed: ReceiverEnv = {
    STAGE: required('STAGE', isStageName, 'one of local, dev, stg, prod') as ReceiverEnv['STAGE'],
    INBOUND_QUEUE_URL: required('INBOUND_QUEUE_URL', isUrl, 'an http(s) URL'),
    CLAIM_CHECK_BUCKET: required('CLAIM_CHECK_BUCKET', (v) => v.length >= 3, 'a bucket name'),
    SECRET_PREFIX: required(
      'SECRET_PREFIX',
      (v) => /^[A-Za-z0-9/_+=.@-]*[^/]$/.test(v),
      'a secret name prefix',
    ),
    AWS_REGION: required('AWS_REGION', (v) => v.length > 0, 'a region'),
    PUBLIC_BASE_URL: optional('PUBLIC_BASE_URL', isUrl, 'an http(s) URL'),
    MAX_BODY_BYTES: positiveInt('MAX_BODY_BYTES', 4 * 1024 * 1024),
    CLAIM_CHECK_THRESHOLD_BYTES: positiveInt('CLAIM_CHECK_THRESHOLD_BYTES', 900 * 1024),
    SECRET_CACHE_SECONDS: positiveInt('SECRET_CACHE_SECONDS', 60),
    LOCAL_SECRETS_FILE: optional('LOCAL_SECRETS_FILE', (v) => v.length > 0, 'a file path'),
    AWS_ENDPOINT_URL_S3: optional('AWS_ENDPOINT_URL_S3', isUrl, 'an http(s) URL'),
  };
  if (problems.length > 0)
    throw new Error(`webhook-receiver configuration is invalid: ${problems.join('; ')}`);
  return parsed;
};
