import type { Alarm, IAlarm, IMetric, IWidget, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import { AlarmStatusWidget, GraphWidget, MathExpression, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { RECEIVER_METRICS, WORKER_METRICS } from '../../../shared/kernel/metric-names.ts';
import type { ObservabilityAlarmConfig } from '../../config/stage-config.ts';
import {
  DESTINATION_TYPES,
  type DestinationTypeName,
  dimensionLabel,
  PERIOD,
  receiverMetric,
  searchByDimension,
  syncReportMetric,
  syncStepMetric,
  workerMetric,
} from './metrics.ts';
import type { WatchedQueue } from './watched-queue.ts';

const WIDTH = 24;
const HALF = 12;
const THIRD = 8;
const HEIGHT = 6;

/** The metrics and alarms the stage dashboard graphs; Observability defines them. */
export interface DashboardInput {
  readonly stageName: string;
  readonly config: ObservabilityAlarmConfig;
  /** Every alarm of the stage, for the status widget. */
  readonly alarms: readonly IAlarm[];
  readonly webhooks: {
    readonly requests: Metric;
    readonly clientErrors: Metric;
    readonly serverErrors: Metric;
    readonly clientErrorRate: IMetric;
    readonly serverErrorRate: IMetric;
    readonly apiLatency: Metric;
  };
  readonly webhookAlarms: {
    readonly clientErrorAlarm: Alarm;
    readonly serverErrorAlarm: Alarm;
    readonly latencyAlarm: Alarm;
  };
  readonly failureRates: ReadonlyMap<DestinationTypeName, IMetric>;
  readonly latencies: ReadonlyMap<DestinationTypeName, IMetric>;
  readonly queues: readonly WatchedQueue[];
  readonly syncStateMachine: IStateMachine;
  readonly tokenFailures: IMetric;
  readonly tokenAlarm: Alarm;
}

/** The `tsunagi-<stage>` dashboard, row by row: alarms, webhooks, delivery, queues, tenant sync. */
export const dashboardWidgets = (input: DashboardInput): IWidget[][] => {
  const { config, webhooks, webhookAlarms, queues, tokenFailures, tokenAlarm } = input;
  const { requests, clientErrors, serverErrors, clientErrorRate, serverErrorRate, apiLatency } = webhooks;
  const sm = input.syncStateMachine;
  const smOptions = { period: PERIOD, statistic: 'Sum' };
  const byType = (metrics: ReadonlyMap<DestinationTypeName, IMetric>) => [...metrics.values()];
  return [
    [new TextWidget({ markdown: `# tsunagi ${input.stageName}`, width: WIDTH, height: 1 })],
    [
      new AlarmStatusWidget({
        title: 'Alarms',
        alarms: [...input.alarms],
        width: WIDTH,
        height: 4,
      }),
    ],
    [new TextWidget({ markdown: '## Webhooks', width: WIDTH, height: 1 })],
    [
      new GraphWidget({
        title: 'Webhook requests',
        left: [requests, clientErrors, serverErrors],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Webhook error rates (%)',
        left: [clientErrorRate, serverErrorRate],
        leftAnnotations: [
          webhookAlarms.clientErrorAlarm.toAnnotation(),
          webhookAlarms.serverErrorAlarm.toAnnotation(),
        ],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Webhook latency p99 (ms)',
        left: [apiLatency, receiverMetric('WebhookLatency', { statistic: 'p99', label: 'receiver p99' })],
        leftAnnotations: [webhookAlarms.latencyAlarm.toAnnotation()],
        width: THIRD,
        height: HEIGHT,
      }),
    ],
    [
      new GraphWidget({
        title: 'Webhooks accepted and rejected by reason',
        left: [
          receiverMetric('WebhookAccepted', { label: 'accepted' }),
          new MathExpression({
            expression: searchByDimension('webhook-receiver', RECEIVER_METRICS.WebhookRejected, ['reason']),
            // A dynamic label names each series by its reason.
            label: `rejected: ${dimensionLabel('reason')}`,
            period: PERIOD,
          }),
        ],
        width: WIDTH,
        height: HEIGHT,
      }),
    ],
    [new TextWidget({ markdown: '## Delivery', width: WIDTH, height: 1 })],
    [
      new GraphWidget({
        title: 'Delivery failure rate by destination type (%)',
        left: byType(input.failureRates),
        leftAnnotations: [{ value: config.deliveryFailureRatePercent, label: 'threshold' }],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'External API latency p99 by destination type (ms)',
        left: byType(input.latencies),
        leftAnnotations: [{ value: config.externalApiLatencyP99.toMilliseconds(), label: 'threshold' }],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Deliveries by destination type',
        left: DESTINATION_TYPES.map((type) =>
          workerMetric('Delivered', type, { label: `${type} delivered` }),
        ),
        right: DESTINATION_TYPES.map((type) =>
          workerMetric('DeliveryDeadLettered', type, { label: `${type} dead-lettered` }),
        ),
        width: THIRD,
        height: HEIGHT,
      }),
    ],
    [
      new GraphWidget({
        title: 'Delivery attempts failed by destination type and reason',
        left: [
          new MathExpression({
            expression: searchByDimension('delivery-worker', WORKER_METRICS.DeliveryFailed, [
              'destination_type',
              'reason',
            ]),
            label: `${dimensionLabel('destination_type')}: ${dimensionLabel('reason')}`,
            period: PERIOD,
          }),
        ],
        width: WIDTH,
        height: HEIGHT,
      }),
    ],
    [new TextWidget({ markdown: '## Queues', width: WIDTH, height: 1 })],
    [
      new GraphWidget({
        title: 'Queue depth (visible messages)',
        left: queues.map(({ label, queue }) =>
          queue.metricApproximateNumberOfMessagesVisible({ period: PERIOD, statistic: 'Maximum', label }),
        ),
        width: HALF,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Age of oldest message (s)',
        left: queues.map(({ label, queue }) =>
          queue.metricApproximateAgeOfOldestMessage({ period: PERIOD, statistic: 'Maximum', label }),
        ),
        width: HALF,
        height: HEIGHT,
      }),
    ],
    [new TextWidget({ markdown: '## Tenant sync', width: WIDTH, height: 1 })],
    [
      new GraphWidget({
        title: 'Sync state machine executions',
        left: [
          sm.metricStarted({ ...smOptions, label: 'started' }),
          sm.metricSucceeded({ ...smOptions, label: 'succeeded' }),
          sm.metricFailed({ ...smOptions, label: 'failed' }),
          sm.metricTimedOut({ ...smOptions, label: 'timed out' }),
          sm.metricAborted({ ...smOptions, label: 'aborted' }),
        ],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Sync runs and tenants by outcome',
        left: [
          syncReportMetric('RunSucceeded', { label: 'runs SUCCESS' }),
          syncReportMetric('RunPartial', { label: 'runs PARTIAL' }),
          syncReportMetric('RunFailed', { label: 'runs FAILED' }),
        ],
        right: [
          syncReportMetric('SyncSucceeded', { label: 'tenants SUCCESS' }),
          syncReportMetric('SyncPartial', { label: 'tenants PARTIAL' }),
          syncReportMetric('SyncFailed', { label: 'tenants FAILED' }),
        ],
        width: THIRD,
        height: HEIGHT,
      }),
      new GraphWidget({
        title: 'Token refresh failures',
        left: [tokenFailures],
        leftAnnotations: [tokenAlarm.toAnnotation()],
        right: [syncStepMetric('RecordsWritten', { label: 'records written' })],
        width: THIRD,
        height: HEIGHT,
      }),
    ],
  ];
};
