/**
 * Every application metric the functions emit (Powertools EMF), by function. The functions' telemetry and the
 * stacks' alarms and dashboard both take their names from here, so a metric cannot be renamed on one side only.
 */

/** The CloudWatch namespace of every application metric; the dimension `service` names the function. */
export const METRIC_NAMESPACE = 'tsunagi';

const names = <const T extends readonly string[]>(...list: T): { readonly [K in T[number]]: K } =>
  Object.fromEntries(list.map((name) => [name, name])) as { readonly [K in T[number]]: K };

export const RECEIVER_METRICS = names(
  'WebhookAccepted',
  'WebhookHandshake',
  'WebhookRejected',
  'WebhookLatency',
);

export const ROUTER_METRICS = names(
  'EventsRouted',
  'DeliveriesEnqueued',
  'EventsUnrouted',
  /** EventsUnrouted again, by tenant and reason (filtered_out among them), so one tenant's misses are visible. */
  'EventsUnroutedByTenant',
  /** Routes whose provider and type fit an event but whose filter kept it out, by tenant. */
  'RoutesFilteredOut',
  'DuplicateEvents',
  'InvalidEnvelopes',
  'RoutingFailures',
);

export const WORKER_METRICS = names(
  'Delivered',
  'DeliveryReplayed',
  'DeliveryLatency',
  'DeliveryInProgress',
  'DeliveryFailed',
  'DeliveryDeadLettered',
  'DeliveryRescheduled',
  'DeliveryWaitHops',
  'DeliveryLogWriteFailed',
  'DeliveryHeld',
  'DeliveriesReleased',
  'EndpointFailing',
  'EndpointDisabled',
  'EndpointRecovered',
  'TokenRefreshFailures',
);

export const SYNC_STEP_METRICS = names(
  'TokenRefreshFailures',
  'RecordsWritten',
  'SyncSucceeded',
  'SyncPartial',
  'SyncFailed',
);

export const SYNC_REPORT_METRICS = names(
  'RunSucceeded',
  'RunPartial',
  'RunFailed',
  'SyncSucceeded',
  'SyncPartial',
  'SyncFailed',
);
