import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { RejectionReason } from '../../shared/webhooks/outcome.ts';
import type { ReceiveResult } from '../../shared/webhooks/receive-webhook.ts';

export const logger = new Logger({ serviceName: 'webhook-receiver' });
export const metrics = new Metrics({ namespace: 'tsunagi', serviceName: 'webhook-receiver' });

// Failures of ours, not the caller's: they page someone, the rest are expected noise on a public URL.
const OUR_FAULTS: ReadonlySet<RejectionReason> = new Set([
  'verifier_error',
  'secret_store_unavailable',
  'not_durable',
]);

/** Logs one line per request and emits accepted / rejected-by-reason / latency metrics. */
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
    logger.info('webhook accepted', {
      ...fields,
      event_id: outcome.eventId,
      claim_checked: outcome.claimChecked,
    });
    metrics.addMetric('WebhookAccepted', MetricUnit.Count, 1);
  } else if (outcome.kind === 'handshake') {
    logger.info('webhook handshake answered', fields);
    metrics.addMetric('WebhookHandshake', MetricUnit.Count, 1);
  } else {
    const log = OUR_FAULTS.has(outcome.reason) ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('webhook rejected', { ...fields, reason: outcome.reason, detail: outcome.detail });
    const single = metrics.singleMetric();
    single.addDimension('reason', outcome.reason);
    single.addMetric('WebhookRejected', MetricUnit.Count, 1);
  }
  metrics.addMetric('WebhookLatency', MetricUnit.Milliseconds, durationMs);
  metrics.publishStoredMetrics();
};
