import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RejectionReason } from '../../shared/webhooks/outcome.ts';
import type { ReceiveResult } from '../../shared/webhooks/receive-webhook.ts';

export const logger = new Logger({ serviceName: 'webhook-receiver' });
/** Powertools Metrics that says whether it publishes at all (POWERTOOLS_METRICS_DISABLED, POWERTOOLS_DEV). */
class ReceiverMetrics extends Metrics {
  public get publishing(): boolean {
    return !this.isDisabled();
  }
}

export const metrics = new ReceiverMetrics({ namespace: 'tsunagi', serviceName: 'webhook-receiver' });

// Failures of ours, not the caller's: they page someone, the rest are expected noise on a public URL.
const OUR_FAULTS: ReadonlySet<RejectionReason> = new Set([
  'verifier_error',
  'secret_store_unavailable',
  'not_durable',
]);

/**
 * Records one request. An accepted webhook, the hot path, costs a single line: its EMF record carries the
 * metrics and, as searchable properties, the ids an operator looks a request up by (trace, event, tenant). The
 * logger's own line for it is DEBUG. A handshake or a rejection is rare and logged at INFO, WARN or ERROR.
 */
export const recordOutcome = (
  result: ReceiveResult,
  statusCode: number,
  durationMs: number,
  trace: { readonly trace_id: string; readonly request_id: string },
): void => {
  const { outcome } = result;
  const fields = {
    ...trace,
    provider: result.provider,
    tenant_id: result.tenantId,
    event_type: result.eventType,
    status: statusCode,
    duration_ms: Math.round(durationMs * 100) / 100,
  };
  if (outcome.kind === 'accepted') {
    logger.debug('webhook accepted', {
      ...fields,
      event_id: outcome.eventId,
      claim_checked: outcome.claimChecked,
    });
  } else if (outcome.kind === 'handshake') {
    logger.info('webhook handshake answered', fields);
  } else {
    const log = OUR_FAULTS.has(outcome.reason) ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('webhook rejected', { ...fields, reason: outcome.reason, detail: outcome.detail });
  }
  // With metrics off (local mode has no CloudWatch), even storing them would be work for nothing.
  if (metrics.publishing) emitMetrics(result, fields, durationMs);
};

const emitMetrics = (
  { outcome }: ReceiveResult,
  fields: {
    trace_id: string;
    request_id: string;
    tenant_id: string | null;
    provider: string | null;
    event_type: string | null;
  },
  durationMs: number,
): void => {
  if (outcome.kind === 'accepted') {
    metrics.addMetadata('trace_id', fields.trace_id);
    metrics.addMetadata('request_id', fields.request_id);
    metrics.addMetadata('event_id', outcome.eventId);
    metrics.addMetadata('tenant_id', fields.tenant_id ?? '');
    metrics.addMetadata('provider', fields.provider ?? '');
    if (fields.event_type !== null) metrics.addMetadata('event_type', fields.event_type);
    metrics.addMetric('WebhookAccepted', MetricUnit.Count, 1);
  } else if (outcome.kind === 'handshake') {
    metrics.addMetric('WebhookHandshake', MetricUnit.Count, 1);
  } else {
    const single = metrics.singleMetric();
    single.addDimension('reason', outcome.reason);
    single.addMetric('WebhookRejected', MetricUnit.Count, 1);
  }
  metrics.addMetric('WebhookLatency', MetricUnit.Milliseconds, durationMs);
  metrics.publishStoredMetrics();
};
