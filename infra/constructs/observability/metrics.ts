import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';
import {
  METRIC_NAMESPACE,
  type RECEIVER_METRICS,
  type SYNC_REPORT_METRICS,
  type SYNC_STEP_METRICS,
  WORKER_METRICS,
} from '../../../shared/kernel/metric-names.ts';

/**
 * The application metrics the functions emit (Powertools EMF, dimension `service` = the Powertools service
 * name), for alarms and the dashboard. Names come from shared/kernel/metric-names.ts, which the functions'
 * telemetry uses too.
 */
export const NAMESPACE = METRIC_NAMESPACE;

/** `destination.type` of a route (shared/tenants/destinations.ts), the worker's `destination_type` dimension. */
export const DESTINATION_TYPES = ['http', 'email', 'chat'] as const;
export type DestinationTypeName = (typeof DESTINATION_TYPES)[number];

export const PERIOD = Duration.minutes(5);

const app = (service: string, metricName: string, options: MetricOptions, dimensions = {}): Metric =>
  new Metric({
    namespace: NAMESPACE,
    metricName,
    period: PERIOD,
    statistic: 'Sum',
    ...options,
    dimensionsMap: { service, ...dimensions },
  });

/** functions/webhook-receiver/telemetry.ts (WebhookRejected carries `reason` too: see the dashboard's search). */
export const receiverMetric = (name: keyof typeof RECEIVER_METRICS, options: MetricOptions = {}) =>
  app('webhook-receiver', name, options);

/** functions/delivery-worker/telemetry.ts: per destination type (DeliveryFailed carries `reason` too). */
export const workerMetric = (
  name: keyof typeof WORKER_METRICS,
  type: DestinationTypeName,
  options: MetricOptions = {},
) => app('delivery-worker', name, options, { destination_type: type });

/** functions/sync-report/telemetry.ts: one per reported run, by its status; and the run's tenant counts. */
export const syncReportMetric = (name: keyof typeof SYNC_REPORT_METRICS, options: MetricOptions = {}) =>
  app('sync-report', name, options);

/** TokenRefreshFailures of one service: the sync-step (reading) or the delivery-worker (chat messages). */
export const tokenRefreshFailures = (
  service: 'sync-step' | 'delivery-worker',
  options: MetricOptions = {},
): Metric => app(service, WORKER_METRICS.TokenRefreshFailures, options);

/** functions/sync-step/telemetry.ts. */
export const syncStepMetric = (name: keyof typeof SYNC_STEP_METRICS, options: MetricOptions = {}) =>
  app('sync-step', name, options);

/**
 * A dashboard-only search over every value of one extra dimension (e.g. `reason`), which alarms cannot use:
 * the set of reasons is open-ended and an alarm's expression is limited to ten metrics.
 */
export const searchByDimension = (
  service: string,
  metricName: string,
  dimensions: readonly string[],
): string =>
  `SEARCH('{${NAMESPACE},${['service', ...dimensions].join(',')}} service="${service}" MetricName="${metricName}"', 'Sum', ${PERIOD.toSeconds()})`;

/** A CloudWatch dynamic label naming a search result's series by one of its dimensions. */
export const dimensionLabel = (dimension: string): string => `$${'{'}PROP('Dim.${dimension}')}`;
