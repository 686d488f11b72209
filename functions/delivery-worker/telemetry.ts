import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricUnit as Unit } from '@aws-lambda-powertools/metrics/types';
import type { SQSRecord } from 'aws-lambda';
import type { TokenRefreshObserver } from '../../shared/delivery/destinations/chat/token-provider.ts';
import type { HealthTransition } from '../../shared/delivery/health/monitor.ts';
import type { DeliveryOutcome } from '../../shared/delivery/worker/deliver.ts';
import { messageHints } from '../../shared/delivery/worker/parse-message.ts';
import type { ReleaseSummary } from '../../shared/delivery/worker/release-held.ts';
import { describeError } from '../../shared/kernel/errors.ts';
import { METRIC_NAMESPACE, WORKER_METRICS } from '../../shared/kernel/metric-names.ts';

/** The worker's only logger; every per-record line carries the event's trace_id. */
export const logger = new Logger({ serviceName: 'delivery-worker' });
/**
 * Per destination type: Delivered, DeliveryLatency, DeliveryFailed (by reason), DeliveryDeadLettered; and
 * DeliveryRescheduled, DeliveryWaitHops, DeliveryReplayed, DeliveryInProgress, DeliveryLogWriteFailed; and TokenRefreshFailures (no dimension but
 * the service, as the sync-step emits it).
 */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'delivery-worker' });

// Records run concurrently, so per-record dimensions go on single metrics, never on the shared object.
const emit = (name: string, unit: Unit, value: number, dimensions: Record<string, string>): void => {
  const single = metrics.singleMetric();
  for (const [dimension, dimensionValue] of Object.entries(dimensions))
    single.addDimension(dimension, dimensionValue);
  single.addMetric(name, unit, value);
};

const fieldsOf = (outcome: DeliveryOutcome, record: SQSRecord) => {
  const { message } = outcome;
  const ids = message
    ? {
        trace_id: message.event.trace_id,
        delivery_id: message.delivery_id,
        event_id: message.event.event_id,
        route_id: message.route_id,
        tenant_id: message.event.tenant_id,
        destination_type: message.destination.type,
      }
    : messageHints(record.body);
  return {
    ...ids,
    message_id: record.messageId,
    receive_count: Number(record.attributes.ApproximateReceiveCount),
  };
};

/** One log line and the matching metrics for each record. */
export const recordOutcome = (outcome: DeliveryOutcome, record: SQSRecord, durationMs: number): void => {
  const fields = {
    ...fieldsOf(outcome, record),
    status: outcome.status,
    duration_ms: Math.round(durationMs),
  };
  const type = { destination_type: outcome.message?.destination.type ?? 'unknown' };
  if (outcome.logError !== null) {
    logger.error('delivery log not written', { ...fields, error: outcome.logError });
    emit(WORKER_METRICS.DeliveryLogWriteFailed, MetricUnit.Count, 1, type);
  }
  switch (outcome.status) {
    case 'delivered': {
      const { attempts, via } = outcome.result;
      logger.info(outcome.replayed ? 'already delivered; nothing sent again' : 'delivered', {
        ...fields,
        attempts,
        via: via ?? null,
        replayed: outcome.replayed,
      });
      emit(
        outcome.replayed ? WORKER_METRICS.DeliveryReplayed : WORKER_METRICS.Delivered,
        MetricUnit.Count,
        1,
        type,
      );
      if (!outcome.replayed) emit(WORKER_METRICS.DeliveryLatency, MetricUnit.Milliseconds, durationMs, type);
      return;
    }
    case 'in_progress':
      logger.warn('delivery in progress elsewhere; the record will be retried', fields);
      emit(WORKER_METRICS.DeliveryInProgress, MetricUnit.Count, 1, type);
      return;
    case 'held':
      logger.warn(
        outcome.retry
          ? 'destination disabled; the delivery could not be held, so SQS retries the record'
          : 'destination disabled; delivery held until it is enabled',
        { ...fields, reason: outcome.reason },
      );
      emit(WORKER_METRICS.DeliveryHeld, MetricUnit.Count, 1, type);
      return;
    case 'waiting':
      // A hop of a wait longer than one SQS delay: routine, so debug only.
      logger.debug('delivery not due yet; put back for the rest of its wait', {
        ...fields,
        not_before: outcome.notBefore,
        requeued: !outcome.retry,
      });
      emit(WORKER_METRICS.DeliveryWaitHops, MetricUnit.Count, 1, type);
      return;
    case 'retrying': {
      const { reason, next } = outcome;
      const detail = { ...fields, reason, retry_after_ms: outcome.retryAfterMs, next_attempt: next };
      if (next === null) logger.warn('delivery failed; not re-enqueued, so SQS retries the record', detail);
      else logger.warn('delivery failed; re-enqueued for its next attempt on the schedule', detail);
      emit(WORKER_METRICS.DeliveryFailed, MetricUnit.Count, 1, { ...type, reason: reason.code });
      if (next !== null) emit(WORKER_METRICS.DeliveryRescheduled, MetricUnit.Count, 1, type);
      return;
    }
    default: {
      const { reason } = outcome;
      const detail = { ...fields, reason };
      if (outcome.status === 'dead_lettered' && outcome.retry)
        logger.error('delivery failed on its last receive; the queue moves it to the DLQ', detail);
      else if (outcome.status === 'dead_lettered')
        logger.error('delivery failed and its retry schedule is exhausted; sent to the DLQ', detail);
      else logger.error('delivery failed permanently; sent to the DLQ', detail);
      emit(WORKER_METRICS.DeliveryFailed, MetricUnit.Count, 1, { ...type, reason: reason.code });
      emit(WORKER_METRICS.DeliveryDeadLettered, MetricUnit.Count, 1, type);
    }
  }
};

/**
 * Chat token trouble: a refused refresh (the tenant must consent again) or a rotated refresh token not stored.
 * Both count as TokenRefreshFailures; the log names the tenant, system and secret, never a token.
 */
export const tokenObserver: TokenRefreshObserver = {
  grantRefused: ({ tenantId, system, secret }) => {
    logger.error('chat token refresh refused (invalid_grant): the tenant must connect the system again', {
      tenant_id: tenantId,
      system_type: system,
      secret_name: secret,
    });
    emit(WORKER_METRICS.TokenRefreshFailures, MetricUnit.Count, 1, {});
  },
  rotationNotStored: ({ tenantId, system, secret, reason }) => {
    logger.warn('rotated refresh token not stored; delivering anyway, the redeemed token stays valid', {
      tenant_id: tenantId,
      system_type: system,
      secret_name: secret,
      error: reason,
    });
    emit(WORKER_METRICS.TokenRefreshFailures, MetricUnit.Count, 1, {});
  },
};

/** A release of held deliveries: how many went out, and whether another batch follows. */
export const recordRelease = (summary: ReleaseSummary): void => {
  logger.info('held deliveries released', {
    tenant_id: summary.ref.tenantId,
    route_id: summary.ref.routeId,
    released: summary.released,
    stopped: summary.stopped,
    next_batch: summary.next?.batch ?? null,
    next_in_seconds: summary.next?.delaySeconds ?? null,
  });
  emit(WORKER_METRICS.DeliveriesReleased, MetricUnit.Count, summary.released, {});
};

const TRANSITION_METRIC = {
  'endpoint.failing': WORKER_METRICS.EndpointFailing,
  'endpoint.disabled': WORKER_METRICS.EndpointDisabled,
  'endpoint.recovered': WORKER_METRICS.EndpointRecovered,
} as const;

/** Each destination's change of health state: one line and one metric per change. */
export const recordTransitions = (transitions: readonly HealthTransition[]): void => {
  for (const { health, notifications } of transitions) {
    for (const notification of notifications) {
      const fields = {
        tenant_id: health.tenant_id,
        route_id: health.route_id,
        status: health.status,
        failing_since: health.failing_since,
        consecutive_failures: health.consecutive_failures,
        last_error: health.last_error,
        disabled_reason: health.disabled_reason,
      };
      if (notification.type === 'endpoint.recovered') logger.info(notification.type, fields);
      else logger.warn(notification.type, fields);
      emit(TRANSITION_METRIC[notification.type], MetricUnit.Count, 1, {});
    }
  }
};

/** Health store or notifier trouble: delivery goes on, the operator learns from this line. */
export const reportHealthError = (what: string, error: unknown): void => {
  logger.error(what, { error: describeError(error) });
};
