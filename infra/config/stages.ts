import { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { VENDOR_ENDPOINTS } from '../../shared/vendors/endpoints.ts';
import type {
  AlarmConfig,
  ApiConfig,
  EmailConfig,
  QueueConfig,
  ReceiverConfig,
  RouterConfig,
  StageConfig,
  StageName,
  SyncConfig,
  WorkerConfig,
} from './stage-config.ts';
import { STAGE_NAMES } from './stage-config.ts';

// The types live in stage-config.ts and the cross-setting rules in check-stage-config.ts; importers keep
// using this module.
export { checkStageConfig } from './check-stage-config.ts';
export * from './stage-config.ts';

const MiB = 1024 * 1024;

// The webhook route gets the stage's whole budget. Other methods on the webhook path are only ever answered
// 405, so a trickle is plenty and a flood of them cannot crowd out real webhooks in the receiver.
const apiFor = (rateLimit: number, burstLimit: number): ApiConfig => ({
  throttlingRateLimit: rateLimit,
  throttlingBurstLimit: burstLimit,
  webhookRoute: { rateLimit, burstLimit },
  otherMethodsRoute: { rateLimit: 5, burstLimit: 10 },
});

const receiverDefaults: ReceiverConfig = {
  memorySize: 512,
  timeout: Duration.seconds(10),
  maxBodyBytes: 4 * MiB,
  claimCheckThresholdBytes: 900 * 1024,
  secretCacheSeconds: 60,
  logLevel: 'INFO',
};

const inboundQueueDefaults: QueueConfig = {
  visibilityTimeout: Duration.seconds(180),
  retentionPeriod: Duration.days(4),
  maxReceiveCount: 3,
  dlqRetentionPeriod: Duration.days(14),
};

const routerDefaults: RouterConfig = {
  memorySize: 512,
  timeout: Duration.seconds(30),
  logLevel: 'INFO',
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(1),
  maxConcurrency: 5,
  tenantCacheSeconds: 30,
};

// 60 s fits three 10 s attempts with 1 s + 2 s backoff and an email fallback, with room to record the outcome.
const workerDefaults: WorkerConfig = {
  memorySize: 512,
  timeout: Duration.seconds(60),
  logLevel: 'INFO',
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(1),
  maxConcurrency: 10,
  perAttemptTimeout: Duration.seconds(10),
  slackApiBaseUrl: VENDOR_ENDPOINTS.SLACK_API_BASE_URL,
  graphApiBaseUrl: VENDOR_ENDPOINTS.GRAPH_API_BASE_URL,
  lineWorksApiBaseUrl: VENDOR_ENDPOINTS.LINE_WORKS_API_BASE_URL,
  endpointDisableAfterHours: 120,
};

const deliveryQueueDefaults: QueueConfig = {
  ...inboundQueueDefaults,
  visibilityTimeout: Duration.seconds(6 * workerDefaults.timeout.toSeconds()),
};

const alarmDefaults: AlarmConfig = {
  inboundOldestMessageAge: Duration.minutes(10),
  deliveryOldestMessageAge: Duration.minutes(30),
  ageEvaluationPeriods: 5,
  observability: {
    webhookClientErrorRatePercent: 20,
    webhookServerErrorRatePercent: 1,
    webhookMinRequests: 20,
    webhookLatencyP99: Duration.seconds(2),
    deliveryFailureRatePercent: 5,
    deliveryMinCount: 10,
    externalApiLatencyP99: Duration.seconds(10),
    evaluationPeriods: 3,
    tokenRefreshFailures: 0,
  },
};

const emailFor = (stage: StageName): EmailConfig => ({
  fromAddress: `notifications@${stage}.tsunagi.example.com`,
  domain: `${stage}.tsunagi.example.com`,
  secondaryProviderUrl: 'https://api.sendgrid.com/v3/mail/send',
});

// 06:00 Japan time (the spec's BATCH-403). A step invocation syncs one type of one tenant x system; waits
// longer than maxInLambdaWaitSeconds go to the state machine's Wait state, so the step's 5 min are for paging.
// A start that failed is retried for an hour at most: a sync started hours late competes with business hours.
// maxConcurrency is a starting point, to be tuned with `npm run bench -- --only sync`.
const syncFor = (stage: StageName): SyncConfig => ({
  schedule: { hour: 6, minute: 0, timeZone: TimeZone.ASIA_TOKYO },
  scheduleRetryAttempts: 3,
  scheduleMaxEventAge: Duration.hours(1),
  maxConcurrency: 20,
  toleratedFailurePercentage: 10,
  executionTimeout: Duration.hours(6),
  plan: { memorySize: 512, timeout: Duration.minutes(2), logLevel: 'INFO' },
  step: { memorySize: 512, timeout: Duration.minutes(5), logLevel: 'INFO' },
  report: { memorySize: 512, timeout: Duration.minutes(2), logLevel: 'INFO' },
  maxInLambdaWaitSeconds: 20,
  reportEmailTo: [`tsunagi-${stage}-sync-reports@example.com`],
  objectExpiration: Duration.days(30),
  graphLoginBaseUrl: VENDOR_ENDPOINTS.GRAPH_LOGIN_BASE_URL,
  lineWorksAuthBaseUrl: VENDOR_ENDPOINTS.LINE_WORKS_AUTH_BASE_URL,
});

const claimCheckDefaults: StageConfig['claimCheck'] = {
  expiration: Duration.days(14),
  accessLogExpiration: Duration.days(90),
};

export const STAGES = {
  dev: {
    stageName: 'dev',
    secretPrefix: 'tsunagi/dev',
    receiver: { ...receiverDefaults, memorySize: 256, logLevel: 'DEBUG' },
    api: apiFor(50, 100),
    inboundQueue: inboundQueueDefaults,
    deliveryQueue: deliveryQueueDefaults,
    router: { ...routerDefaults, memorySize: 256, logLevel: 'DEBUG', maxConcurrency: 2 },
    // dev's test endpoints come and go: one failing for a day is disabled rather than retried all week.
    worker: {
      ...workerDefaults,
      memorySize: 256,
      logLevel: 'DEBUG',
      maxConcurrency: 2,
      endpointDisableAfterHours: 24,
    },
    deliveryLogRetentionDays: 14,
    email: emailFor('dev'),
    sync: { ...syncFor('dev'), maxConcurrency: 5 },
    // dev carries test traffic (deliberately bad signatures, sandbox endpoints): only gross breakage alarms.
    alarms: {
      ...alarmDefaults,
      observability: {
        ...alarmDefaults.observability,
        webhookClientErrorRatePercent: 50,
        webhookServerErrorRatePercent: 5,
        webhookMinRequests: 10,
        webhookLatencyP99: Duration.seconds(3),
        deliveryFailureRatePercent: 25,
        deliveryMinCount: 5,
        externalApiLatencyP99: Duration.seconds(20),
      },
    },
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
    api: apiFor(100, 200),
    inboundQueue: inboundQueueDefaults,
    deliveryQueue: deliveryQueueDefaults,
    router: routerDefaults,
    worker: workerDefaults,
    deliveryLogRetentionDays: 14,
    email: emailFor('stg'),
    sync: syncFor('stg'),
    alarms: alarmDefaults,
    claimCheck: claimCheckDefaults,
    logRetention: RetentionDays.ONE_MONTH,
    // Retained and protected like prod: stg holds tenants' test integrations, and a release meets prod's
    // lifecycle rules (termination and deletion protection, Retain) here before it reaches prod.
    removalPolicy: RemovalPolicy.RETAIN,
    terminationProtection: true,
    alarmEmail: 'tsunagi-stg-alerts@example.com',
  },
  prod: {
    stageName: 'prod',
    secretPrefix: 'tsunagi/prod',
    receiver: { ...receiverDefaults, reservedConcurrency: 100 },
    api: apiFor(500, 1000),
    inboundQueue: inboundQueueDefaults,
    deliveryQueue: deliveryQueueDefaults,
    router: { ...routerDefaults, maxConcurrency: 20 },
    worker: { ...workerDefaults, maxConcurrency: 50 },
    deliveryLogRetentionDays: 30,
    email: emailFor('prod'),
    sync: { ...syncFor('prod'), maxConcurrency: 100, objectExpiration: Duration.days(90) },
    alarms: {
      ...alarmDefaults,
      inboundOldestMessageAge: Duration.minutes(5),
      observability: {
        ...alarmDefaults.observability,
        webhookClientErrorRatePercent: 10,
        webhookMinRequests: 50,
        webhookLatencyP99: Duration.millis(1500),
        deliveryFailureRatePercent: 2,
        deliveryMinCount: 20,
      },
    },
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
