import type { IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  Dashboard,
  type IAlarm,
  type IMetric,
  MathExpression,
  type Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITopic } from 'aws-cdk-lib/aws-sns';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { ObservabilityAlarmConfig } from '../../config/stage-config.ts';
import { dashboardWidgets } from './dashboard-widgets.ts';
import {
  DESTINATION_TYPES,
  type DestinationTypeName,
  PERIOD,
  syncReportMetric,
  tokenRefreshFailures,
  workerMetric,
} from './metrics.ts';
import type { WatchedQueue } from './watched-queue.ts';

export type { WatchedQueue };

export interface ObservabilityProps {
  readonly stageName: string;
  readonly config: ObservabilityAlarmConfig;
  /** The stage's operator topic (OperatorAlarms): every alarm notifies it on ALARM and back to OK. */
  readonly topic: ITopic;
  readonly httpApi: IHttpApi;
  /** The stage's queues and DLQs, graphed by depth and oldest-message age (their alarms live in OperatorAlarms). */
  readonly queues: readonly WatchedQueue[];
  readonly syncStateMachine: IStateMachine;
  /** Alarms defined elsewhere (DLQ depth, queue age, sync executions), shown in the dashboard's status widget. */
  readonly otherAlarms?: readonly IAlarm[];
}

/**
 * Stage observability: alarms on the webhook edge (API Gateway error rates and p99 latency), delivery failure
 * rate and external latency per destination type, sync runs ending FAILED or PARTIAL and token refresh failures;
 * and the `tsunagi-<stage>` dashboard with those graphs, the queues and the sync executions.
 *
 * Missing data means nothing happened (no request, no delivery, no run), so every alarm here treats it as not
 * breaching; the DLQ alarms that must hold their state through silence are OperatorAlarms'.
 */
export class Observability extends Construct {
  public readonly dashboard: Dashboard;
  public readonly alarms: Alarm[] = [];
  private readonly action: SnsAction;
  private readonly config: ObservabilityAlarmConfig;

  public constructor(scope: Construct, id: string, props: ObservabilityProps) {
    super(scope, id);
    this.config = props.config;
    this.action = new SnsAction(props.topic);
    const { config, httpApi } = props;

    // --- Webhooks: what providers see, measured by API Gateway (it counts even when the receiver never runs).
    const requests = httpApi.metricCount({ period: PERIOD, statistic: 'Sum', label: 'requests' });
    const clientErrors = httpApi.metricClientError({ period: PERIOD, statistic: 'Sum', label: '4xx' });
    const serverErrors = httpApi.metricServerError({ period: PERIOD, statistic: 'Sum', label: '5xx' });
    const clientErrorRate = this.rate('webhook 4xx %', 'errors4xx', clientErrors, requests);
    const serverErrorRate = this.rate('webhook 5xx %', 'errors5xx', serverErrors, requests);
    const apiLatency = httpApi.metricLatency({ period: PERIOD, statistic: 'p99', label: 'API Gateway p99' });
    const clientErrorAlarm = this.alarm('WebhookClientErrorRate', {
      metric: clientErrorRate,
      threshold: config.webhookClientErrorRatePercent,
      evaluationPeriods: config.evaluationPeriods,
      description:
        `More than ${config.webhookClientErrorRatePercent}% of webhook requests answered 4xx: a provider lost its ` +
        'secret or URL, a tenant is misconfigured, or someone is probing. Read the receiver logs by `reason`.',
    });
    const serverErrorAlarm = this.alarm('WebhookServerErrorRate', {
      metric: serverErrorRate,
      threshold: config.webhookServerErrorRatePercent,
      evaluationPeriods: config.evaluationPeriods,
      description:
        `More than ${config.webhookServerErrorRatePercent}% of webhook requests answered 5xx: webhooks are not ` +
        'being accepted (secret store, inbound queue or the receiver itself); providers retry for a while only.',
    });
    const latencyAlarm = this.alarm('WebhookLatencyP99', {
      metric: apiLatency,
      threshold: config.webhookLatencyP99.toMilliseconds(),
      evaluationPeriods: config.evaluationPeriods,
      description:
        `Webhook p99 latency above ${config.webhookLatencyP99.toMilliseconds()} ms: providers time out and ` +
        'retry (Slack after 3 s). Check the receiver duration, cold starts and the secret cache.',
    });

    // --- Delivery, per destination type: the worker's own counts (a retried attempt that later succeeds is
    // not a failure; DeliveryDeadLettered is the final failure, whatever its reason).
    const failureRates = new Map<DestinationTypeName, IMetric>();
    const latencies = new Map<DestinationTypeName, IMetric>();
    for (const type of DESTINATION_TYPES) {
      const suffix = type.charAt(0).toUpperCase() + type.slice(1);
      const failureRate = this.deliveryFailureRate(type);
      const latency = workerMetric('DeliveryLatency', type, { statistic: 'p99', label: `${type} p99` });
      failureRates.set(type, failureRate);
      latencies.set(type, latency);
      this.alarm(`DeliveryFailureRate${suffix}`, {
        metric: failureRate,
        threshold: config.deliveryFailureRatePercent,
        evaluationPeriods: config.evaluationPeriods,
        description:
          `More than ${config.deliveryFailureRatePercent}% of ${type} deliveries ended in the delivery DLQ: ` +
          'a destination is down or rejecting us. `npm run ops -- dlq peek` shows the reasons.',
      });
      this.alarm(`ExternalApiLatency${suffix}`, {
        metric: latency,
        threshold: config.externalApiLatencyP99.toMilliseconds(),
        evaluationPeriods: config.evaluationPeriods,
        description:
          `p99 of ${type} deliveries above ${config.externalApiLatencyP99.toMilliseconds()} ms (attempts and ` +
          'backoff included): the destination is slow or throttling us, and the delivery queue will back up.',
      });
    }

    // --- Sync: one RunFailed / RunPartial per reported run (sync-report), token failures per step (sync-step).
    this.alarm('SyncRunFailed', {
      metric: syncReportMetric('RunFailed'),
      threshold: 0,
      evaluationPeriods: 1,
      description:
        'A tenant sync run ended FAILED: read the run report e-mail, then `npm run ops -- sync run` once fixed.',
    });
    this.alarm('SyncRunPartial', {
      metric: syncReportMetric('RunPartial'),
      threshold: 0,
      evaluationPeriods: 1,
      description:
        'A tenant sync run ended PARTIAL: some tenants or types failed; the run report names them.',
    });
    // The sync reads with the tenants' chat tokens and the worker posts with them: either one refused means the
    // tenant must connect the system again.
    const tokenFailures = new MathExpression({
      expression: 'FILL(sync, 0) + FILL(worker, 0)',
      usingMetrics: {
        sync: tokenRefreshFailures('sync-step'),
        worker: tokenRefreshFailures('delivery-worker'),
      },
      label: 'token refresh failures',
      period: PERIOD,
    });
    const tokenAlarm = this.alarm('TokenRefreshFailures', {
      metric: tokenFailures,
      threshold: config.tokenRefreshFailures,
      evaluationPeriods: 1,
      description:
        'A chat system refused to refresh a tenant token, or a rotated token could not be stored: the tenant ' +
        'must re-consent, or its client secret expired. The sync-step and delivery-worker logs carry ' +
        'tenant_id and system_type.',
    });

    // --- Dashboard.
    const widgets = dashboardWidgets({
      stageName: props.stageName,
      config,
      alarms: [...(props.otherAlarms ?? []), ...this.alarms],
      webhooks: { requests, clientErrors, serverErrors, clientErrorRate, serverErrorRate, apiLatency },
      webhookAlarms: { clientErrorAlarm, serverErrorAlarm, latencyAlarm },
      failureRates,
      latencies,
      queues: props.queues,
      syncStateMachine: props.syncStateMachine,
      tokenFailures,
      tokenAlarm,
    });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: `tsunagi-${props.stageName}`,
      widgets,
    });
  }

  /**
   * 100 x errors ÷ requests, judged only once the period holds webhookMinRequests (0 below, so no alarm).
   * Ids are unique per expression: a graph showing two of them must not see one id for two metrics.
   */
  private rate(label: string, id: string, errors: Metric, requests: Metric): MathExpression {
    const min = this.config.webhookMinRequests;
    return new MathExpression({
      expression: `IF(requests >= ${min}, 100 * ${id} / requests, 0)`,
      usingMetrics: { [id]: errors, requests },
      label,
      period: PERIOD,
    });
  }

  /** DeliveryDeadLettered ÷ (DeliveryDeadLettered + Delivered) for one destination type, in percent. */
  private deliveryFailureRate(type: DestinationTypeName): MathExpression {
    const min = this.config.deliveryMinCount;
    const failed = `failed_${type}`;
    const done = `done_${type}`;
    const total = `(FILL(${failed}, 0) + FILL(${done}, 0))`;
    return new MathExpression({
      expression: `IF(${total} >= ${min}, 100 * FILL(${failed}, 0) / ${total}, 0)`,
      usingMetrics: {
        [failed]: workerMetric('DeliveryDeadLettered', type),
        [done]: workerMetric('Delivered', type),
      },
      label: `${type} failure %`,
      period: PERIOD,
    });
  }

  private alarm(
    id: string,
    options: { metric: IMetric; threshold: number; evaluationPeriods: number; description: string },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      evaluationPeriods: options.evaluationPeriods,
      // No request, delivery or run in a period means nothing happened: healthy, not unknown.
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(this.action);
    alarm.addOkAction(this.action);
    this.alarms.push(alarm);
    return alarm;
  }
}
