import type { EnvContract } from '../../shared/kernel/env-contract.ts';
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
const isPositiveInt = (value: string): boolean => /^[1-9][0-9]*$/.test(value);

interface VariableRule {
  readonly required: boolean;
  readonly valid: (value: string) => boolean;
  readonly expected: string;
}

/** Every variable the receiver reads: the one list its parser, the stacks and local mode are held to. */
const RECEIVER_VARIABLES = {
  STAGE: { required: true, valid: isStageName, expected: 'one of local, dev, stg, prod' },
  INBOUND_QUEUE_URL: { required: true, valid: isUrl, expected: 'an http(s) URL' },
  CLAIM_CHECK_BUCKET: { required: true, valid: (v) => v.length >= 3, expected: 'a bucket name' },
  SECRET_PREFIX: {
    required: true,
    valid: (v) => /^[A-Za-z0-9/_+=.@-]*[^/]$/.test(v),
    expected: 'a secret name prefix',
  },
  AWS_REGION: { required: true, valid: (v) => v.length > 0, expected: 'a region' },
  PUBLIC_BASE_URL: { required: false, valid: isUrl, expected: 'an http(s) URL' },
  MAX_BODY_BYTES: { required: false, valid: isPositiveInt, expected: 'a positive integer' },
  CLAIM_CHECK_THRESHOLD_BYTES: { required: false, valid: isPositiveInt, expected: 'a positive integer' },
  SECRET_CACHE_SECONDS: { required: false, valid: isPositiveInt, expected: 'a positive integer' },
  LOCAL_SECRETS_FILE: { required: false, valid: (v) => v.length > 0, expected: 'a file path' },
  AWS_ENDPOINT_URL_S3: { required: false, valid: isUrl, expected: 'an http(s) URL' },
} as const satisfies Record<keyof ReceiverEnv, VariableRule>;

type ReceiverVariable = keyof typeof RECEIVER_VARIABLES;
const RECEIVER_NAMES = Object.keys(RECEIVER_VARIABLES) as ReceiverVariable[];

/** The receiver's variable names, for the stacks, local mode and the contract test. */
export const RECEIVER_ENV: EnvContract<ReceiverVariable> = {
  service: 'webhook-receiver',
  names: RECEIVER_NAMES,
  required: RECEIVER_NAMES.filter((name) => RECEIVER_VARIABLES[name].required),
  fromRuntime: ['AWS_REGION'],
  problemWith: (name, value) =>
    RECEIVER_VARIABLES[name].valid(value) ? null : `expected ${RECEIVER_VARIABLES[name].expected}`,
};

/** Parses the environment or throws one error naming every missing or invalid variable. */
export const parseReceiverEnv = (env: Source): ReceiverEnv => {
  const problems: string[] = [];
  const read = (name: ReceiverVariable): string | undefined => {
    const { required, valid, expected } = RECEIVER_VARIABLES[name];
    const value = env[name];
    if (value === undefined || value === '') {
      if (required) problems.push(`${name}: required (${expected})`);
      return undefined;
    }
    if (!valid(value)) problems.push(`${name}: expected ${expected}`);
    return value;
  };
  const positiveInt = (name: ReceiverVariable, fallback: number): number => {
    const raw = read(name);
    return raw === undefined || !isPositiveInt(raw) ? fallback : Number(raw);
  };
  const parsed: ReceiverEnv = {
    STAGE: (read('STAGE') ?? '') as ReceiverEnv['STAGE'],
    INBOUND_QUEUE_URL: read('INBOUND_QUEUE_URL') ?? '',
    CLAIM_CHECK_BUCKET: read('CLAIM_CHECK_BUCKET') ?? '',
    SECRET_PREFIX: read('SECRET_PREFIX') ?? '',
    AWS_REGION: read('AWS_REGION') ?? '',
    PUBLIC_BASE_URL: read('PUBLIC_BASE_URL'),
    MAX_BODY_BYTES: positiveInt('MAX_BODY_BYTES', 4 * 1024 * 1024),
    CLAIM_CHECK_THRESHOLD_BYTES: positiveInt('CLAIM_CHECK_THRESHOLD_BYTES', 900 * 1024),
    SECRET_CACHE_SECONDS: positiveInt('SECRET_CACHE_SECONDS', 60),
    LOCAL_SECRETS_FILE: read('LOCAL_SECRETS_FILE'),
    AWS_ENDPOINT_URL_S3: read('AWS_ENDPOINT_URL_S3'),
  };
  if (problems.length > 0)
    throw new Error(`webhook-receiver configuration is invalid: ${problems.join('; ')}`);
  return parsed;
};
