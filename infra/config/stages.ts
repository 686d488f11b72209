import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';

/** Deployed environments; `local` (the laptop mode) has no CDK stage. */
export const STAGE_NAMES = ['dev', 'stg', 'prod'] as const;
export type StageName = (typeof STAGE_NAMES)[number];

export type LogLevel = 'DEBUG' | 'INFO' | 'WARN' | 'ERROR';

export interface ReceiverConfig {
  readonly memorySize: number;
  readonly timeout: Duration;
  /** Caps the receiver so a webhook flood cannot starve the account's other functions; unset = unreserved. */
  readonly reservedConcurrency?: number;
  /** Raw body limit; 4 MiB still fits Lambda's 6 MB payload after API Gateway's base64 encoding. */
  readonly maxBodyBytes: number;
  /** Envelopes above this go to the claim-check bucket (SQS messages are limited to 1 MiB). */
  readonly claimCheckThresholdBytes: number;
  readonly secretCacheSeconds: number;
  readonly logLevel: LogLevel;
}

export interface StageConfig {
  readonly stageName: StageName;
  /** Only set to pin a stage to one account/region; otherwise resolved at the app's top level. */
  readonly account?: string;
  readonly region?: string;
  /** Secrets Manager prefix; tenant signing secrets live at `<prefix>/<tenantId>/webhooks/<provider>`. */
  readonly secretPrefix: string;
  /** Public URL of a custom domain in front of the API; the API's own endpoint is used when unset. */
  readonly publicBaseUrl?: string;
  readonly receiver: ReceiverConfig;
  readonly api: { readonly throttlingRateLimit: number; readonly throttlingBurstLimit: number };
  readonly inboundQueue: {
    /** Keep at least 6x the event router's timeout (AWS guidance for Lambda SQS event sources). */
    readonly visibilityTimeout: Duration;
    readonly retentionPeriod: Duration;
    readonly maxReceiveCount: number;
    readonly dlqRetentionPeriod: Duration;
  };
  readonly claimCheck: { readonly expiration: Duration; readonly accessLogExpiration: Duration };
  readonly logRetention: RetentionDays;
  /**
   * With DESTROY, deleting the stack fails while a bucket still holds objects: empty it first (or wait for
   * the lifecycle expiry). No `autoDeleteObjects`: its custom-resource Lambda is more code with delete rights.
   */
  readonly removalPolicy: RemovalPolicy;
  readonly terminationProtection: boolean;
  /** Operator alerts (SNS e-mail subscription); a placeholder until the alerting issue lands. */
  readonly alarmEmail: string;
}

const MiB = 1024 * 1024;

const receiverDefaults: ReceiverConfig = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  maxBodyBytes: 4 * MiB,
  claimCheckThresholdBytes: 900 * 1024,
  secretCacheSeconds: 60,
  logLevel: 'INFO',
};

const inboundQueueDefaults: StageConfig['inboundQueue'] = {
  visibilityTimeout: Duration.seconds(180),
  retentionPeriod: Duration.days(4),
  maxReceiveCount: 3,
  dlqRetentionPeriod: Duration.days(14),
};

const claimCheckDefaults: StageConfig['claimCheck'] = {
  expiration: Duration.days(14),
  accessLogExpiration: Duration.days(90),
};

export const STAGES = {
  dev: {
    stageName: 'dev',
    secretPrefix: 'tsunagi/dev',
    receiver: { ...receiverDefaults, memorySize: 256, logLevel: 'DEBUG' },
    api: { throttlingRateLimit: 50, throttlingBurstLimit: 100 },
    inboundQueue: inboundQueueDefaults,
    claimCheck: claimCheckDefaults,
    logRetention: RetentionDays.TWO_WEEKS,
    removalPolicy: RemovalPolicy.DESTROY,
    terminationProtection: false,
    alarmEmail: 'tsunagi-dev-alerts@example.com',
  },
  stg: {
    stageName: 'stg',
    secretPrefix: 'tsunagi/stg',
    receiver: receiverDefaults,
    api: { throttlingRateLimit: 100, throttlingBurstLimit: 200 },
    inboundQueue: inboundQueueDefaults,
    claimCheck: claimCheckDefaults,
    logRetention: RetentionDays.ONE_MONTH,
    removalPolicy: RemovalPolicy.DESTROY,
    terminationProtection: false,
    alarmEmail: 'tsunagi-stg-alerts@example.com',
  },
  prod: {
    stageName: 'prod',
    secretPrefix: 'tsunagi/prod',
    receiver: { ...receiverDefaults, reservedConcurrency: 100 },
    api: { throttlingRateLimit: 500, throttlingBurstLimit: 1000 },
    inboundQueue: inboundQueueDefaults,
    claimCheck: { ...claimCheckDefaults, accessLogExpiration: Duration.days(365) },
    logRetention: RetentionDays.THREE_MONTHS,
    removalPolicy: RemovalPolicy.RETAIN,
    terminationProtection: true,
    alarmEmail: 'tsunagi-prod-alerts@example.com',
  },
} as const satisfies { readonly [S in StageName]: StageConfig & { readonly stageName: S } };

export const isStageName = (name: string): name is StageName =>
  (STAGE_NAMES as readonly string[]).includes(name);

/** The typed config of one stage; throws, naming the valid stages, for anything else. */
export const getStageConfig = (name: string): StageConfig => {
  if (!isStageName(name)) {
    throw new Error(`Unknown stage "${name}". Valid stages: ${STAGE_NAMES.join(', ')}.`);
  }
  return STAGES[name];
};
