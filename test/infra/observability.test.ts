import { Duration } from 'aws-cdk-lib';
import { describe, expect, it } from 'vitest';
import { checkStageConfig, getStageConfig, STAGE_NAMES, type StageName } from '../../infra/config/stages.ts';
import { DESTINATION_TYPES } from '../../infra/constructs/observability/metrics.ts';
import { imported, resourceNamed, synthStage } from './helpers.ts';

const topicRef = { Ref: expect.stringMatching(/^AlarmsTopic/) };
const apiRef = { Ref: expect.stringMatching(/^WebhookApiHttpApi/) };
const notifies = {
  AlarmActions: [topicRef],
  OKActions: [topicRef],
  ComparisonOperator: 'GreaterThanThreshold',
  TreatMissingData: 'notBreaching',
};
const capitalized = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

interface MetricEntry {
  readonly Id: string;
  readonly Expression?: string;
  readonly ReturnData?: boolean;
  readonly MetricStat?: {
    readonly Metric: {
      readonly Namespace: string;
      readonly MetricName: string;
      readonly Dimensions: { Name: string; Value: unknown }[];
    };
    readonly Period: number;
    readonly Stat: string;
  };
}

/** Dimensions as a name → value map (CloudWatch identifies a metric by the set, not the order). */
const dims = (entry: MetricEntry) =>
  Object.fromEntries(entry.MetricStat!.Metric.Dimensions.map((d) => [d.Name, d.Value]));

/** The stage's dashboard body as JSON, every CloudFormation token inside it replaced by `<token>`. */
const dashboardOf = (stage: StageName) => {
  const { stateless } = synthStage(stage);
  const dashboard = resourceNamed(
    stateless,
    'AWS::CloudWatch::Dashboard',
    'ObservabilityDashboard',
  ).Properties;
  const body = dashboard.DashboardBody as string | { 'Fn::Join': [string, unknown[]] };
  const text =
    typeof body === 'string'
      ? body
      : body['Fn::Join'][1].map((part) => (typeof part === 'string' ? part : '<token>')).join('');
  return {
    name: dashboard.DashboardName,
    widgets: (JSON.parse(text) as { widgets: Widget[] }).widgets,
  };
};

interface Widget {
  readonly type: string;
  readonly properties: {
    readonly title?: string;
    readonly markdown?: string;
    readonly alarms?: string[];
    readonly metrics?: unknown[][];
  };
}

describe.each(STAGE_NAMES)('Class: Observability (%s)', (stage) => {
  const { stateless } = synthStage(stage);
  const config = getStageConfig(stage).alarms.observability;
  const alarm = (name: string) =>
    resourceNamed(stateless, 'AWS::CloudWatch::Alarm', `Observability${name}`).Properties as Record<
      string,
      unknown
    > & { Metrics?: MetricEntry[] };

  it('alarms on the webhook 4xx and 5xx rates from API Gateway, judged only above the minimum requests', () => {
    for (const [name, metricName, threshold] of [
      ['WebhookClientErrorRate', '4xx', config.webhookClientErrorRatePercent],
      ['WebhookServerErrorRate', '5xx', config.webhookServerErrorRatePercent],
    ] as const) {
      const props = alarm(name);
      expect(props).toMatchObject({
        ...notifies,
        Threshold: threshold,
        EvaluationPeriods: config.evaluationPeriods,
      });
      const metrics = props.Metrics!;
      const expression = metrics.find((m) => m.ReturnData !== false)!;
      const errors = metrics.find((m) => m.MetricStat?.Metric.MetricName === metricName)!;
      const requests = metrics.find((m) => m.MetricStat?.Metric.MetricName === 'Count')!;
      expect(expression.Expression).toBe(
        `IF(requests >= ${config.webhookMinRequests}, 100 * ${errors.Id} / requests, 0)`,
      );
      expect(requests.Id).toBe('requests');
      for (const m of [errors, requests]) {
        expect(m.MetricStat).toMatchObject({
          Metric: { Namespace: 'AWS/ApiGateway' },
          Period: 300,
          Stat: 'Sum',
        });
        expect(dims(m)).toEqual({ ApiId: apiRef });
      }
    }
  });

  it('alarms on the API Gateway p99 latency above the stage threshold', () => {
    expect(alarm('WebhookLatencyP99')).toMatchObject({
      ...notifies,
      Threshold: config.webhookLatencyP99.toMilliseconds(),
      EvaluationPeriods: config.evaluationPeriods,
      Metrics: [
        {
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: 'AWS/ApiGateway',
              MetricName: 'Latency',
              Dimensions: [{ Name: 'ApiId', Value: apiRef }],
            },
            Period: 300,
            Stat: 'p99',
          },
        },
      ],
    });
  });

  it.each(DESTINATION_TYPES)('alarms on the %s delivery failure rate and external API latency', (type) => {
    const worker = { service: 'delivery-worker', destination_type: type };
    const failure = alarm(`DeliveryFailureRate${capitalized(type)}`);
    expect(failure).toMatchObject({
      ...notifies,
      Threshold: config.deliveryFailureRatePercent,
      EvaluationPeriods: config.evaluationPeriods,
    });
    const metrics = failure.Metrics!;
    const byName = (name: string) => metrics.find((m) => m.MetricStat?.Metric.MetricName === name)!;
    const failed = byName('DeliveryDeadLettered');
    const delivered = byName('Delivered');
    for (const m of [failed, delivered]) {
      expect(m.MetricStat).toMatchObject({ Metric: { Namespace: 'tsunagi' }, Period: 300, Stat: 'Sum' });
      expect(dims(m)).toEqual(worker);
    }
    const total = `(FILL(${failed.Id}, 0) + FILL(${delivered.Id}, 0))`;
    expect(metrics.find((m) => m.ReturnData !== false)!.Expression).toBe(
      `IF(${total} >= ${config.deliveryMinCount}, 100 * FILL(${failed.Id}, 0) / ${total}, 0)`,
    );

    const latency = alarm(`ExternalApiLatency${capitalized(type)}`);
    expect(latency).toMatchObject({
      ...notifies,
      Threshold: config.externalApiLatencyP99.toMilliseconds(),
      EvaluationPeriods: config.evaluationPeriods,
    });
    const [p99] = latency.Metrics!;
    expect(p99!.MetricStat).toMatchObject({
      Metric: { Namespace: 'tsunagi', MetricName: 'DeliveryLatency' },
      Period: 300,
      Stat: 'p99',
    });
    expect(dims(p99!)).toEqual(worker);
  });

  it('alarms on token refresh failures of the sync and of chat deliveries together', () => {
    const tokens = alarm('TokenRefreshFailures');
    expect(tokens).toMatchObject({
      ...notifies,
      Threshold: config.tokenRefreshFailures,
      EvaluationPeriods: 1,
    });
    const [sum, ...inputs] = [...tokens.Metrics!].sort((a, b) => (a.Expression ? -1 : b.Expression ? 1 : 0));
    expect(sum!.Expression).toBe('FILL(sync, 0) + FILL(worker, 0)');
    expect(
      inputs.map((m) => [m.Id, m.MetricStat!.Metric.MetricName, dims(m), m.MetricStat!.Stat]).sort(),
    ).toEqual([
      ['sync', 'TokenRefreshFailures', { service: 'sync-step' }, 'Sum'],
      ['worker', 'TokenRefreshFailures', { service: 'delivery-worker' }, 'Sum'],
    ]);
  });

  it('alarms on sync runs reported FAILED or PARTIAL', () => {
    for (const [name, metricName, service, threshold] of [
      ['SyncRunFailed', 'RunFailed', 'sync-report', 0],
      ['SyncRunPartial', 'RunPartial', 'sync-report', 0],
    ] as const) {
      expect(alarm(name)).toMatchObject({
        ...notifies,
        Namespace: 'tsunagi',
        MetricName: metricName,
        Dimensions: [{ Name: 'service', Value: service }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: threshold,
        EvaluationPeriods: 1,
      });
    }
  });

  it('defines exactly these twelve alarms', () => {
    const ids = Object.keys(stateless.findResources('AWS::CloudWatch::Alarm')).filter((id) =>
      id.startsWith('Observability'),
    );
    expect(ids).toHaveLength(3 + 2 * DESTINATION_TYPES.length + 3);
  });
});

describe('Observability dashboard', () => {
  it.each(STAGE_NAMES)(
    'is named tsunagi-%s and graphs every alarm metric, the queues and the sync',
    (stage) => {
      const { name, widgets } = dashboardOf(stage);
      expect(name).toBe(`tsunagi-${stage}`);
      const titled = (title: string) => {
        const widget = widgets.find((w) => w.properties.title === title);
        if (!widget) throw new Error(`No widget titled ${title}`);
        return widget;
      };
      const metricNames = (title: string) =>
        (titled(title).properties.metrics ?? []).map((m) =>
          typeof m[0] === 'string' ? `${m[0]}/${m[1]}` : JSON.stringify(m[0]),
        );

      expect(widgets.filter((w) => w.type === 'alarm')).toHaveLength(1);
      // Its own twelve, the four OperatorAlarms and the three SyncAlarms.
      expect(titled('Alarms').properties.alarms).toHaveLength(12 + 4 + 3);

      expect(metricNames('Webhook requests')).toEqual([
        'AWS/ApiGateway/Count',
        'AWS/ApiGateway/4xx',
        'AWS/ApiGateway/5xx',
      ]);
      expect(JSON.stringify(titled('Webhook error rates (%)').properties)).toContain('IF(requests >= ');
      expect(metricNames('Webhook latency p99 (ms)')).toEqual([
        'AWS/ApiGateway/Latency',
        'tsunagi/WebhookLatency',
      ]);
      expect(JSON.stringify(titled('Webhooks accepted and rejected by reason').properties)).toContain(
        'MetricName=\\"WebhookRejected\\"',
      );

      const failureRates = JSON.stringify(titled('Delivery failure rate by destination type (%)').properties);
      const latencies = metricNames('External API latency p99 by destination type (ms)');
      expect(latencies).toEqual(DESTINATION_TYPES.map(() => 'tsunagi/DeliveryLatency'));
      for (const type of DESTINATION_TYPES) expect(failureRates).toContain(`100 * FILL(failed_${type}, 0)`);
      expect(
        JSON.stringify(titled('Delivery attempts failed by destination type and reason').properties),
      ).toContain('MetricName=\\"DeliveryFailed\\"');

      for (const [title, metric] of [
        ['Queue depth (visible messages)', 'ApproximateNumberOfMessagesVisible'],
        ['Age of oldest message (s)', 'ApproximateAgeOfOldestMessage'],
      ] as const) {
        expect(metricNames(title)).toEqual(Array(5).fill(`AWS/SQS/${metric}`));
        const queues = JSON.stringify(titled(title).properties.metrics);
        for (const label of ['inbound', 'inbound DLQ', 'delivery', 'delivery DLQ', 'sync schedule DLQ'])
          expect(queues).toContain(`"label":"${label}"`);
      }

      expect(metricNames('Sync state machine executions')).toEqual(
        [
          'ExecutionsStarted',
          'ExecutionsSucceeded',
          'ExecutionsFailed',
          'ExecutionsTimedOut',
          'ExecutionsAborted',
        ].map((m) => `AWS/States/${m}`),
      );
      expect(metricNames('Sync runs and tenants by outcome')).toEqual(
        ['RunSucceeded', 'RunPartial', 'RunFailed', 'SyncSucceeded', 'SyncPartial', 'SyncFailed'].map(
          (m) => `tsunagi/${m}`,
        ),
      );
      // The alarm's sum of the sync's and the worker's failures, its two inputs (hidden), and records written.
      expect(metricNames('Token refresh failures')).toEqual([
        '{"label":"token refresh failures","expression":"FILL(sync, 0) + FILL(worker, 0)"}',
        'tsunagi/TokenRefreshFailures',
        'tsunagi/TokenRefreshFailures',
        'tsunagi/RecordsWritten',
      ]);
    },
  );

  it('graphs the queues imported from the stateful stack', () => {
    const { stateless } = synthStage('dev');
    const dashboard = resourceNamed(
      stateless,
      'AWS::CloudWatch::Dashboard',
      'ObservabilityDashboard',
    ).Properties;
    const parts = (dashboard.DashboardBody as { 'Fn::Join': [string, unknown[]] })['Fn::Join'][1];
    for (const queue of [
      'InboundQueueName',
      'InboundDeadLetterQueueName',
      'DeliveryQueueName',
      'DeliveryDeadLetterQueueName',
      'SyncScheduleDeadLetterQueueName',
    ]) {
      // Once for the depth graph, once for the age graph.
      expect(parts.filter((p) => JSON.stringify(p) === JSON.stringify(imported('dev', queue)))).toHaveLength(
        2,
      );
    }
  });
});

describe('Observability thresholds from stage config', () => {
  it('follows overridden thresholds', () => {
    const config = getStageConfig('stg');
    const { stateless } = synthStage('stg', {
      alarms: {
        ...config.alarms,
        observability: {
          ...config.alarms.observability,
          webhookLatencyP99: Duration.millis(900),
          deliveryFailureRatePercent: 7,
          tokenRefreshFailures: 2,
          evaluationPeriods: 4,
        },
      },
    });
    const alarm = (name: string) =>
      resourceNamed(stateless, 'AWS::CloudWatch::Alarm', `Observability${name}`).Properties;
    expect(alarm('WebhookLatencyP99')).toMatchObject({ Threshold: 900, EvaluationPeriods: 4 });
    expect(alarm('DeliveryFailureRateChat')).toMatchObject({ Threshold: 7, EvaluationPeriods: 4 });
    expect(alarm('TokenRefreshFailures')).toMatchObject({ Threshold: 2 });
  });

  it('is stricter in prod than in dev', () => {
    const dev = getStageConfig('dev').alarms.observability;
    const prod = getStageConfig('prod').alarms.observability;
    expect(prod.webhookClientErrorRatePercent).toBeLessThan(dev.webhookClientErrorRatePercent);
    expect(prod.webhookServerErrorRatePercent).toBeLessThan(dev.webhookServerErrorRatePercent);
    expect(prod.deliveryFailureRatePercent).toBeLessThan(dev.deliveryFailureRatePercent);
    expect(prod.webhookLatencyP99.toMilliseconds()).toBeLessThan(dev.webhookLatencyP99.toMilliseconds());
  });
});

describe('checkStageConfig: observability thresholds', () => {
  it('accepts every stage as configured', () => {
    for (const stage of STAGE_NAMES) expect(checkStageConfig(getStageConfig(stage))).toEqual([]);
  });

  it('rejects rates out of range, empty minimums and impossible evaluation periods', () => {
    const config = getStageConfig('dev');
    const problems = checkStageConfig({
      ...config,
      alarms: {
        ...config.alarms,
        observability: {
          ...config.alarms.observability,
          webhookServerErrorRatePercent: 100,
          deliveryFailureRatePercent: -1,
          deliveryMinCount: 0,
          evaluationPeriods: 289,
          tokenRefreshFailures: 0.5,
        },
      },
    });
    expect(problems).toEqual([
      'alarms.observability.webhookServerErrorRatePercent must be from 0 to below 100',
      'alarms.observability.deliveryFailureRatePercent must be from 0 to below 100',
      'alarms.observability.deliveryMinCount must be an integer >= 1',
      'alarms.observability.evaluationPeriods must be an integer from 1 to 288',
      'alarms.observability.tokenRefreshFailures must be an integer >= 0',
    ]);
  });
});
