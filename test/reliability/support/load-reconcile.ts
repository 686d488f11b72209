import type { DeadLetter } from '../../../infra/local/delivery-dlq.ts';
import type { ReceivedDelivery } from '../../../infra/local/fakes/index.ts';

/**
 * Where each accepted event ended up, from what the outside world saw: the tenant backend's 200s (per
 * `Idempotency-Key`) and the dead-letter queues. Nothing here reads the platform's own bookkeeping, so a
 * delivery the platform believes it made but the backend never accepted shows as lost.
 */

/** A dead letter of either DLQ, reduced to what the reconciliation needs. */
export interface Letter {
  readonly queue: 'delivery' | 'inbound';
  readonly event_id: string;
  /** Why it is there: the worker's `failure_code`, or the delivery log's last error for a redriven one. */
  readonly reason: string | null;
}

export interface Reconciliation {
  readonly accepted: number;
  readonly delivered: number;
  readonly inDlq: number;
  /** Accepted events with more than one 200 for their delivery. */
  readonly duplicates: number;
  /** Accepted events both delivered and dead-lettered. */
  readonly deliveredAndDlq: number;
  /** accepted − delivered − in DLQ (events with neither outcome). */
  readonly lost: number;
  readonly dlqWithoutReason: number;
  readonly dlqReasons: Readonly<Record<string, number>>;
  /** Backend answers to this route's deliveries, by status. */
  readonly backendStatuses: Readonly<Record<number, number>>;
  /** Up to 10 event ids per anomaly, to start looking from. */
  readonly examples: {
    readonly lost: readonly string[];
    readonly duplicates: readonly string[];
    readonly deliveredAndDlq: readonly string[];
  };
}

/** 200s per event id for one route's deliveries. */
export const acceptedCalls = (
  received: readonly ReceivedDelivery[],
  routeId: string,
): { okByEvent: Map<string, number>; statuses: Record<number, number> } => {
  const suffix = `:${routeId}`;
  const okByEvent = new Map<string, number>();
  const statuses: Record<number, number> = {};
  for (const call of received) {
    const key = call.idempotency_key;
    if (!key?.endsWith(suffix)) continue;
    statuses[call.status] = (statuses[call.status] ?? 0) + 1;
    if (call.status !== 200) continue;
    const eventId = key.slice(0, -suffix.length);
    okByEvent.set(eventId, (okByEvent.get(eventId) ?? 0) + 1);
  }
  return { okByEvent, statuses };
};

export const reconcile = (
  accepted: Iterable<string>,
  received: readonly ReceivedDelivery[],
  routeId: string,
  letters: readonly Letter[],
): Reconciliation => {
  const { okByEvent, statuses } = acceptedCalls(received, routeId);
  const lettersByEvent = new Map<string, Letter>();
  for (const letter of letters) lettersByEvent.set(letter.event_id, letter);
  let count = 0;
  let delivered = 0;
  let inDlq = 0;
  let dlqWithoutReason = 0;
  const dlqReasons: Record<string, number> = {};
  const examples = { lost: [] as string[], duplicates: [] as string[], deliveredAndDlq: [] as string[] };
  const note = (list: string[], id: string) => list.length < 10 && list.push(id);
  let duplicates = 0;
  let deliveredAndDlq = 0;
  for (const eventId of accepted) {
    count += 1;
    const oks = okByEvent.get(eventId) ?? 0;
    const letter = lettersByEvent.get(eventId);
    if (oks > 1) {
      duplicates += 1;
      note(examples.duplicates, eventId);
    }
    if (oks > 0 && letter) {
      deliveredAndDlq += 1;
      note(examples.deliveredAndDlq, eventId);
    }
    if (oks > 0) delivered += 1;
    else if (letter) {
      inDlq += 1;
      const reason = letter.reason ?? 'none';
      dlqReasons[`${letter.queue}:${reason}`] = (dlqReasons[`${letter.queue}:${reason}`] ?? 0) + 1;
      if (letter.reason === null) dlqWithoutReason += 1;
    } else note(examples.lost, eventId);
  }
  return {
    accepted: count,
    delivered,
    inDlq,
    duplicates,
    deliveredAndDlq,
    lost: count - delivered - inDlq,
    dlqWithoutReason,
    dlqReasons,
    backendStatuses: statuses,
    examples,
  };
};

/** A delivery DLQ message as a `Letter`, its reason from its own attributes when the worker attached one. */
export const deliveryLetter = (letter: DeadLetter): Letter | null =>
  letter.event_id
    ? { queue: 'delivery', event_id: letter.event_id, reason: letter.attributes.failure_code ?? null }
    : null;

/** The one line the suite prints. */
export const summaryLine = (r: Reconciliation, extra: Readonly<Record<string, string | number>>): string =>
  [
    `load reconciliation: accepted=${r.accepted}`,
    `delivered=${r.delivered}`,
    `in_dlq=${r.inDlq}`,
    `duplicates=${r.duplicates}`,
    `delivered_and_dlq=${r.deliveredAndDlq}`,
    `lost=${r.lost}`,
    `dlq_reasons=${JSON.stringify(r.dlqReasons)}`,
    `backend_statuses=${JSON.stringify(r.backendStatuses)}`,
    ...Object.entries(extra).map(([key, value]) => `${key}=${value}`),
  ].join(' ');

/** What the outside world and the platform recorded about a few anomalous events, to start a diagnosis. */
export const describeAnomalies = (
  eventIds: readonly string[],
  received: readonly ReceivedDelivery[],
  records: ReadonlyMap<string, unknown>,
  logText: string,
): string =>
  eventIds
    .map((id) => {
      const calls = received
        .filter((r) => r.idempotency_key?.startsWith(`${id}:`))
        .map((r) => `${r.received_at} attempt=${r.attempt} status=${r.status}`);
      const lines = logText.split('\n').filter((line) => line.includes(id));
      return [`${id}:`, ...calls, `log record: ${JSON.stringify(records.get(id))}`, ...lines].join('\n  ');
    })
    .join('\n');
