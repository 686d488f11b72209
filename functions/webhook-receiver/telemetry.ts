import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, RECEIVER_METRICS } from '../../shared/kernel/metric-names.ts';
import type { RejectionReason } from '../../shared/webhooks/outcome.ts';
import type { ReceiveResult } from '../../shared/webhooks/receive-webhook.ts';

export const logger = new Logger({ serviceName: 'webhook-receiver' });
/** Powertools Metrics that says whether it publishes at all (POWERTOOLS_METRICS_DISABLED, POWERTOOLS_DEV). */
class ReceiverMetrics extends Metrics {
  public get publishing(): boolean {
    return !this.isDisabled();
  }
}

export const metrics = new ReceiverMetrics({ namespace: METRIC_NAMESPACE, serviceName: 'webhook-receiver' });

// Failures of ours, not the caller's: they page someone, the rest are expected noise on a public URL.
const OUR_FAULTS: ReadonlySet<RejectionReason> = new Set([
  'verifier_error',
  'secret_store_unavailable',
  'not_durable',
]);

type Trace = { readonly trace_id: string; readonly request_id: string };

const lineFields = (result: ReceiveResult, statusCode: number, durationMs: number, trace: Trace) => ({
  ...trace,
  provider: result.provider,
  tenant_id: result.tenantId,
  event_type: result.eventType,
  status: statusCode,
  duration_ms: Math.round(durationMs * 100) / 100,
});

/**
 * Records one request. An accepted webhook, the hot path, costs a single line: its EMF record carries the
 * metrics and, as searchable properties, the ids an operator looks a request up by (trace, event, tenant). The
 * logger's own line for it is DEBUG. A handshake or a rejection is rare and logged at INFO, WARN or ERROR.
 */
export const recordOutcome = (
  result: ReceiveResult,
  statusCode: number,
  durationMs: number,
  trace: Trace,
): void => {
  const { outcome } = result;
  if (outcome.kind === 'accepted') {
    // Checked first so the hot path builds no fields for a line the level drops.
    if (logger.level <= LogLevelThreshold.DEBUG)
      logger.debug('webhook accepted', {
        ...lineFields(result, statusCode, durationMs, trace),
        event_id: outcome.eventId,
        claim_checked: outcome.claimChecked,
      });
  } else if (outcome.kind === 'handshake') {
    logger.info('webhook handshake answered', lineFields(result, statusCode, durationMs, trace));
  } else {
    const log = OUR_FAULTS.has(outcome.reason) ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('webhook rejected', {
      ...lineFields(result, statusCode, durationMs, trace),
      reason: outcome.reason,
      detail: outcome.detail,
    });
  }
  // With metrics off (local mode has no CloudWatch), even storing them would be work for nothing.
  if (metrics.publishing) emitMetrics(result, trace, durationMs);
};

const emitMetrics = (
  { outcome, tenantId, provider, eventType }: ReceiveResult,
  trace: Trace,
  durationMs: number,
): void => {
  if (outcome.kind === 'accepted') {
    metrics.addMetadata('trace_id', trace.trace_id);
    metrics.addMetadata('request_id', trace.request_id);
    metrics.addMetadata('event_id', outcome.eventId);
    metrics.addMetadata('tenant_id', tenantId ?? '');
    metrics.addMetadata('provider', provider ?? '');
    if (eventType !== null) metrics.addMetadata('event_type', eventType);
    metrics.addMetric(RECEIVER_METRICS.WebhookAccepted, MetricUnit.Count, 1);
  } else if (outcome.kind === 'handshake') {
    metrics.addMetric(RECEIVER_METRICS.WebhookHandshake, MetricUnit.Count, 1);
  } else {
    const single = metrics.singleMetric();
    single.addDimension('reason', outcome.reason);
    single.addMetric(RECEIVER_METRICS.WebhookRejected, MetricUnit.Count, 1);
  }
  metrics.addMetric(RECEIVER_METRICS.WebhookLatency, MetricUnit.Milliseconds, durationMs);
  metrics.publishStoredMetrics();
};
