import type {
  ApiConfig,
  ObservabilityAlarmConfig,
  StageConfig,
  SyncConfig,
  ThrottleConfig,
} from './stage-config.ts';

/**
 * Rules that span several settings, which the types cannot express. Returns every violation, so one run
 * shows them all; the stage throws on any (see TsunagiStage).
 */
export const checkStageConfig = (config: StageConfig): string[] => {
  const problems: string[] = [];
  const queues = [
    ['inboundQueue', config.inboundQueue, 'router', config.router],
    ['deliveryQueue', config.deliveryQueue, 'worker', config.worker],
  ] as const;
  for (const [queueKey, queue, consumerKey, consumer] of queues) {
    if (queue.visibilityTimeout.toSeconds() < 6 * consumer.timeout.toSeconds()) {
      problems.push(
        `${queueKey}.visibilityTimeout (${queue.visibilityTimeout.toSeconds()} s) must be at least 6x ` +
          `${consumerKey}.timeout (${consumer.timeout.toSeconds()} s)`,
      );
    }
  }
  if (config.worker.perAttemptTimeout.toMilliseconds() >= config.worker.timeout.toMilliseconds()) {
    problems.push('worker.perAttemptTimeout must be shorter than worker.timeout');
  }
  problems.push(...checkApiConfig(config.api));
  problems.push(...checkSyncConfig(config.sync));
  problems.push(...checkObservabilityConfig(config.alarms.observability));
  if (config.email.domain && !config.email.fromAddress.endsWith(`@${config.email.domain}`)) {
    problems.push(`email.fromAddress must be an address of email.domain (${config.email.domain})`);
  }
  return problems;
};

/** API Gateway takes a rate in requests per second (> 0) and a burst as a whole number of requests (>= 1). */
const checkApiConfig = (api: ApiConfig): string[] => {
  const limits: ReadonlyArray<readonly [string, ThrottleConfig]> = [
    [
      'api.throttlingRateLimit/throttlingBurstLimit',
      { rateLimit: api.throttlingRateLimit, burstLimit: api.throttlingBurstLimit },
    ],
    ['api.webhookRoute', api.webhookRoute],
    ['api.otherMethodsRoute', api.otherMethodsRoute],
  ];
  return limits
    .filter(
      ([, { rateLimit, burstLimit }]) => !(rateLimit > 0) || !Number.isInteger(burstLimit) || burstLimit < 1,
    )
    .map(([key]) => `${key} must be a rate above 0 and an integer burst of at least 1`);
};

const checkSyncConfig = (sync: SyncConfig): string[] => {
  const problems: string[] = [];
  const { hour, minute } = sync.schedule;
  if (
    !Number.isInteger(hour) ||
    hour < 0 ||
    hour > 23 ||
    !Number.isInteger(minute) ||
    minute < 0 ||
    minute > 59
  ) {
    problems.push(`sync.schedule must be a valid time of day (got ${hour}:${minute})`);
  }
  // Distributed Map limits: up to 10,000 child executions in parallel; tolerated failure is a percentage.
  if (!Number.isInteger(sync.maxConcurrency) || sync.maxConcurrency < 1 || sync.maxConcurrency > 10_000) {
    problems.push('sync.maxConcurrency must be an integer from 1 to 10000');
  }
  if (sync.toleratedFailurePercentage < 0 || sync.toleratedFailurePercentage > 100) {
    problems.push('sync.toleratedFailurePercentage must be from 0 to 100');
  }
  if (sync.maxInLambdaWaitSeconds >= sync.step.timeout.toSeconds()) {
    problems.push('sync.maxInLambdaWaitSeconds must be shorter than sync.step.timeout');
  }
  if (sync.reportEmailTo.length === 0) problems.push('sync.reportEmailTo must name at least one address');
  return problems;
};

const checkObservabilityConfig = (o: ObservabilityAlarmConfig): string[] => {
  const problems: string[] = [];
  const rates = {
    webhookClientErrorRatePercent: o.webhookClientErrorRatePercent,
    webhookServerErrorRatePercent: o.webhookServerErrorRatePercent,
    deliveryFailureRatePercent: o.deliveryFailureRatePercent,
  };
  for (const [key, value] of Object.entries(rates)) {
    // A rate alarm fires above its threshold: 100 % could never be exceeded.
    if (!(value >= 0 && value < 100))
      problems.push(`alarms.observability.${key} must be from 0 to below 100`);
  }
  for (const [key, value] of Object.entries({
    webhookMinRequests: o.webhookMinRequests,
    deliveryMinCount: o.deliveryMinCount,
  })) {
    if (!Number.isInteger(value) || value < 1)
      problems.push(`alarms.observability.${key} must be an integer >= 1`);
  }
  // CloudWatch: evaluation periods x period (5 min) may not exceed one day.
  if (!Number.isInteger(o.evaluationPeriods) || o.evaluationPeriods < 1 || o.evaluationPeriods > 288) {
    problems.push('alarms.observability.evaluationPeriods must be an integer from 1 to 288');
  }
  if (!Number.isInteger(o.tokenRefreshFailures) || o.tokenRefreshFailures < 0) {
    problems.push('alarms.observability.tokenRefreshFailures must be an integer >= 0');
  }
  return problems;
};
