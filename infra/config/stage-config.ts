import type { Duration, RemovalPolicy, TimeZone } from 'aws-cdk-lib';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { RetrySchedule } from '../../shared/delivery/schedule/retry-schedule.ts';
import type { DestinationKind } from '../../shared/kernel/retry-policy.ts';

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

/** API Gateway throttling of one route: a token bucket refilled at `rateLimit`/s that holds `burstLimit`. */
export interface ThrottleConfig {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Throttling of the HTTP API. Beyond these limits API Gateway answers 429 without invoking the receiver, and
 * providers retry later. A route setting replaces the stage default for that route.
 */
export interface ApiConfig {
  /** The stage default: applies to any route without a setting of its own. */
  readonly throttlingRateLimit: number;
  readonly throttlingBurstLimit: number;
  /** `POST /webhooks/{provider}/{tenantId}`: every real webhook. */
  readonly webhookRoute: ThrottleConfig;
  /**
   * `ANY /webhooks/{provider}/{tenantId}`: only other methods reach it, and all are answered 405. No provider
   * sends them, so a low cap keeps a flood of them from taking the receiver's concurrency.
   */
  readonly otherMethodsRoute: ThrottleConfig;
}

/** An SQS-triggered function: its size, and how its event source mapping feeds it. */
export interface ConsumerConfig {
  readonly memorySize: number;
  /** Its queue's visibility timeout must be at least 6x this (checked by `checkStageConfig`). */
  readonly timeout: Duration;
  readonly logLevel: LogLevel;
  readonly batchSize: number;
  readonly maxBatchingWindow: Duration;
  /** Event source maximum concurrency (2-1000): a backlog cannot take the account's whole concurrency. */
  readonly maxConcurrency: number;
}

export interface RouterConfig extends ConsumerConfig {
  /** How long a router remembers a tenant's routes; an `ops tenants apply` reaches routers within this. */
  readonly tenantCacheSeconds: number;
}

export interface WorkerConfig extends ConsumerConfig {
  /** Budget of one outbound call; the worker's timeout must leave room for several with backoff. */
  readonly perAttemptTimeout: Duration;
  /** Chat APIs; overridable so a stage can point at a sandbox or a proxy. */
  readonly slackApiBaseUrl: string;
  readonly graphApiBaseUrl: string;
  readonly lineWorksApiBaseUrl: string;
  /** Retry schedules per destination kind; a kind left out keeps `DEFAULT_RETRY_SCHEDULES`. */
  readonly retrySchedules?: Partial<Record<DestinationKind, RetrySchedule>>;
  /** A destination failing this long without one success is disabled (its deliveries held). Default 120 (5 days). */
  readonly endpointDisableAfterHours: number;
}

export interface QueueConfig {
  /** At least 6x the consuming function's timeout (AWS guidance for Lambda SQS event sources). */
  readonly visibilityTimeout: Duration;
  readonly retentionPeriod: Duration;
  readonly maxReceiveCount: number;
  readonly dlqRetentionPeriod: Duration;
}

export interface EmailConfig {
  /** Sender of route emails (`EMAIL_FROM`); must belong to the SES identity below. */
  readonly fromAddress: string;
  /** Verify this domain in SES (DKIM records are stack outputs); when unset, only `fromAddress` is verified. */
  readonly domain?: string;
  /** The secondary provider's `mail/send` endpoint (SendGrid shape), used when SES fails retryably. */
  readonly secondaryProviderUrl: string;
}

export interface AlarmConfig {
  /** Oldest inbound message age that means the router is down or far behind. */
  readonly inboundOldestMessageAge: Duration;
  /**
   * Oldest delivery message age that means the worker is down or stuck. Retries keep a message in the queue up
   * to maxReceiveCount x visibility timeout, so keep this above that or every flapping endpoint pages someone.
   */
  readonly deliveryOldestMessageAge: Duration;
  /** Consecutive one-minute periods above the threshold before the age alarms fire. */
  readonly ageEvaluationPeriods: number;
  /** Rates, latencies and sync outcomes of the observability alarms (`infra/constructs/observability`). */
  readonly observability: ObservabilityAlarmConfig;
}

/**
 * Thresholds of the observability alarms. Rates are percentages over 5-minute periods, and a rate is only
 * judged once a period holds at least its minimum count, so one rejected request at night pages nobody.
 */
export interface ObservabilityAlarmConfig {
  /** API Gateway `4xx` ÷ `Count` (bad signatures, unknown tenants, throttling) above this is an attack or a misconfigured provider. */
  readonly webhookClientErrorRatePercent: number;
  /** API Gateway `5xx` ÷ `Count`: webhooks we failed to accept; providers retry, but not forever. */
  readonly webhookServerErrorRatePercent: number;
  /** Requests in a 5-minute period below which the webhook rates are not judged. */
  readonly webhookMinRequests: number;
  /** API Gateway `Latency` p99 (what providers wait for; some give up after 3 s). */
  readonly webhookLatencyP99: Duration;
  /** Per destination type: DeliveryDeadLettered ÷ (DeliveryDeadLettered + Delivered). */
  readonly deliveryFailureRatePercent: number;
  /** Finished deliveries of one type in a 5-minute period below which its failure rate is not judged. */
  readonly deliveryMinCount: number;
  /** Per destination type: the worker's DeliveryLatency p99 (attempts and backoff included). */
  readonly externalApiLatencyP99: Duration;
  /** Consecutive 5-minute periods a rate or latency must breach before its alarm fires. */
  readonly evaluationPeriods: number;
  /** The sync-step's TokenRefreshFailures in a 5-minute period above this alarm (0: any failure). */
  readonly tokenRefreshFailures: number;
}

/** One sync Lambda's size. */
export interface SyncFunctionConfig {
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly logLevel: LogLevel;
}

/** The daily tenant sync (BATCH-403): schedule, fan-out and the three functions. */
export interface SyncConfig {
  /** Local wall-clock time of the daily run in `timeZone` (EventBridge Scheduler honours DST and zones). */
  readonly schedule: { readonly hour: number; readonly minute: number; readonly timeZone: TimeZone };
  /** Scheduler retries of a failed StartExecution, and how long an undelivered run stays worth starting. */
  readonly scheduleRetryAttempts: number;
  readonly scheduleMaxEventAge: Duration;
  /** Child workflows (tenant x system) in flight at once: the vendors' limits are per tenant, ours are not. */
  readonly maxConcurrency: number;
  /** Safety net only: children catch their own failures and return FAILED, so this should never trip. */
  readonly toleratedFailurePercentage: number;
  /** Upper bound of a whole run, rate-limit waits included. */
  readonly executionTimeout: Duration;
  readonly plan: SyncFunctionConfig;
  readonly step: SyncFunctionConfig;
  readonly report: SyncFunctionConfig;
  /** Rate-limit waits up to this stay in the Lambda; longer ones go to the state machine's Wait state. */
  readonly maxInLambdaWaitSeconds: number;
  /** Operators who receive the run report (`REPORT_EMAIL_TO`). */
  readonly reportEmailTo: readonly string[];
  /** Plan files and run reports in the sync bucket expire after this. */
  readonly objectExpiration: Duration;
  /** Token endpoints (the API base URLs are the worker's). */
  readonly graphLoginBaseUrl: string;
  readonly lineWorksAuthBaseUrl: string;
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
  readonly api: ApiConfig;
  readonly inboundQueue: QueueConfig;
  readonly deliveryQueue: QueueConfig;
  readonly router: RouterConfig;
  readonly worker: WorkerConfig;
  /** Days a delivery log record is kept (`DELIVERY_LOG_RETENTION_DAYS`, written as its `expires_at`). */
  readonly deliveryLogRetentionDays: number;
  readonly email: EmailConfig;
  readonly alarms: AlarmConfig;
  readonly sync: SyncConfig;
  readonly claimCheck: { readonly expiration: Duration; readonly accessLogExpiration: Duration };
  readonly logRetention: RetentionDays;
  /**
   * With DESTROY, deleting the stack fails while a bucket still holds objects: empty it first (or wait for
   * the lifecycle expiry). No `autoDeleteObjects`: its custom-resource Lambda is more code with delete rights.
   */
  readonly removalPolicy: RemovalPolicy;
  /** Termination protection of both stacks, and DynamoDB deletion protection of every table. */
  readonly terminationProtection: boolean;
  /** Operator alerts: the e-mail subscribed to the stage's alarm topic. */
  readonly alarmEmail: string;
}
