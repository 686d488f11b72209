import { Duration } from 'aws-cdk-lib';
import { Metric, type MetricOptions } from 'aws-cdk-lib/aws-cloudwatch';

/**
 * The application metrics the functions emit (Powertools EMF, namespace `tsunagi`, dimension `service` = the
 * Powertools service name). Names and dimensions mirror `functions/<name>/telemetry.ts`: keep them in step.
 */
export const NAMESPACE = 'tsunagi';

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
export const receiverMetric = (name: 'WebhookAccepted' | 'WebhookLatency', options: MetricOptions = {}) =>
  app('webhook-receiver', name, options);

/** functions/delivery-worker/telemetry.ts: per destination type (DeliveryFailed carries `reason` too). */
export const workerMetric = (
  name: 'Delivered' | 'DeliveryLatency' | 'DeliveryDeadLettered',
  type: DestinationTypeName,
  options: MetricOptions = {},
) => app('delivery-worker', name, options, { destination_type: type });

/** functions/sync-report/telemetry.ts: one per reported run, by its status; and the run's tenant counts. */
export const syncReportMetric = (
  name: 'RunSucceeded' | 'RunPartial' | 'RunFailed' | 'SyncSucceeded' | 'SyncPartial' | 'SyncFailed',
  options: MetricOptions = {},
) => app('sync-report', name, options);

/** TokenRefreshFailures of one service: the sync-step (reading) or the delivery-worker (chat messages). */
export const tokenRefreshFailures = (
  service: 'sync-step' | 'delivery-worker',
  options: MetricOptions = {},
): Metric => app(service, 'TokenRefreshFailures', options);

/** functions/sync-step/telemetry.ts. */
export const syncStepMetric = (
  name: 'TokenRefreshFailures' | 'RecordsWritten',
  options: MetricOptions = {},
) => app('sync-step', name, options);

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
