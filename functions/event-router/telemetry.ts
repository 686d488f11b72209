import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SQSRecord } from 'aws-lambda';
import { describeError } from '../../shared/kernel/errors.ts';
import { METRIC_NAMESPACE, ROUTER_METRICS } from '../../shared/kernel/metric-names.ts';
import {
  InvalidEnvelopeError,
  PermanentRoutingError,
  RetryableRoutingError,
} from '../../shared/routing/errors.ts';
import type { RoutingOutcome } from '../../shared/routing/route-inbound-event.ts';
import type { EventEnvelope } from '../../shared/webhooks/envelope.ts';

/** The router's only logger; every per-record line carries the envelope's trace_id. */
export const logger = new Logger({ serviceName: 'event-router' });
/**
 * EventsRouted, EventsUnrouted (by reason; EventsUnroutedByTenant by tenant and reason), RoutesFilteredOut (by
 * tenant), DeliveriesEnqueued, DuplicateEvents, InvalidEnvelopes, RoutingFailures.
 */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'event-router' });

// Records run concurrently, so per-record keys go on each line rather than into the shared logger's key store.
const eventFields = (envelope: EventEnvelope, record: SQSRecord) => ({
  trace_id: envelope.trace_id,
  event_id: envelope.event_id,
  tenant_id: envelope.tenant_id,
  provider: envelope.provider,
  provider_event_id: envelope.provider_event_id,
  event_type: envelope.event_type,
  message_id: record.messageId,
});

const count = (name: string, value = 1): void => {
  metrics.addMetric(name, MetricUnit.Count, value);
};

const countByTenant = (name: string, tenantId: string, value: number, reason?: string): void => {
  const single = metrics.singleMetric();
  single.addDimension('tenant_id', tenantId);
  if (reason !== undefined) single.addDimension('reason', reason);
  single.addMetric(name, MetricUnit.Count, value);
};

const countFilteredOut = (outcome: { readonly filtered_out?: readonly string[] }, tenantId: string): void => {
  const filtered = outcome.filtered_out?.length ?? 0;
  if (filtered > 0) countByTenant(ROUTER_METRICS.RoutesFilteredOut, tenantId, filtered);
};

/** One line and the matching metrics for a record the use case settled. */
export const recordOutcome = (outcome: RoutingOutcome, envelope: EventEnvelope, record: SQSRecord): void => {
  const fields = eventFields(envelope, record);
  switch (outcome.kind) {
    case 'routed':
      logger.info('event routed', {
        ...fields,
        route_ids: outcome.route_ids,
        ...(outcome.filtered_out ? { filtered_out: outcome.filtered_out } : {}),
      });
      count(ROUTER_METRICS.EventsRouted);
      count(ROUTER_METRICS.DeliveriesEnqueued, outcome.route_ids.length);
      countFilteredOut(outcome, envelope.tenant_id);
      return;
    case 'unrouted': {
      logger.info('event unrouted', {
        ...fields,
        reason: outcome.reason,
        ...(outcome.filtered_out ? { filtered_out: outcome.filtered_out } : {}),
      });
      const single = metrics.singleMetric();
      single.addDimension('reason', outcome.reason);
      single.addMetric(ROUTER_METRICS.EventsUnrouted, MetricUnit.Count, 1);
      countByTenant(ROUTER_METRICS.EventsUnroutedByTenant, envelope.tenant_id, 1, outcome.reason);
      countFilteredOut(outcome, envelope.tenant_id);
      return;
    }
    case 'duplicate':
      logger.info('duplicate provider event; nothing sent again', {
        ...fields,
        duplicate_of: outcome.duplicate_of,
      });
      count(ROUTER_METRICS.DuplicateEvents);
      return;
    case 'replayed':
      logger.info('event already routed; nothing sent again', { ...fields, route_ids: outcome.route_ids });
      count(ROUTER_METRICS.DuplicateEvents);
  }
};

/** One line and a metric for a record that failed; it goes back to the queue as a batch item failure. */
export const recordFailure = (
  error: unknown,
  record: SQSRecord,
  envelope: EventEnvelope | undefined,
): void => {
  const receives = Number(record.attributes.ApproximateReceiveCount);
  if (error instanceof InvalidEnvelopeError) {
    logger.error('invalid envelope: permanent, the record reaches the inbound DLQ after maxReceiveCount', {
      ...error.hints,
      message_id: record.messageId,
      receive_count: receives,
      problems: error.problems,
    });
    count(ROUTER_METRICS.InvalidEnvelopes);
    return;
  }
  const fields = envelope ? eventFields(envelope, record) : { message_id: record.messageId };
  const detail = { ...fields, receive_count: receives, error: describeError(error) };
  if (error instanceof RetryableRoutingError)
    logger.warn('routing failed; the record will be retried', detail);
  else if (error instanceof PermanentRoutingError) logger.error('routing failed permanently', detail);
  else logger.error('routing failed; the record will be retried', detail);
  count(ROUTER_METRICS.RoutingFailures);
};
