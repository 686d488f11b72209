import { describeError } from '../../kernel/errors.ts';
import type { AttemptRecord } from '../../kernel/http/attempt-record.ts';
import type { DeliveryRecord, DeliveryStatus, FailureReason } from '../delivery-log.ts';
import type { DeliveryMessage } from '../delivery-message.ts';
import type { DeliveryResult } from '../destinations/types.ts';
import type { DeliverDeps, DeliveryInput } from './deliver-types.ts';

/** What one processing of a delivery left to record. */
export interface RecordFacts {
  readonly status: DeliveryStatus;
  readonly result: DeliveryResult | null;
  readonly reason: FailureReason | null;
  /** The attempts' latencies of a failure (a success carries its own in `result`). */
  readonly latenciesMs?: readonly number[];
  /** The requests of a failure (a success carries its own in `result`). */
  readonly history?: readonly AttemptRecord[];
  /** While retrying on the schedule: the next attempt's number and time. */
  readonly next?: { readonly attempt: number; readonly at: string };
}

/**
 * The requests of this receive that the log keeps. Bounded: a schedule run starts the log anew, and past
 * `MAX_LOGGED_ATTEMPTS` attempts of a run (custom schedules may have up to 31) nothing more is added.
 */
const attemptLogOf = (message: DeliveryMessage, history: readonly AttemptRecord[]): AttemptRecord[] =>
  (message.retry?.attempts ?? 0) >= MAX_LOGGED_ATTEMPTS ? [] : history.slice(-MAX_ATTEMPTS_PER_RECEIVE);

/** Attempts of one schedule run whose requests are logged. */
export const MAX_LOGGED_ATTEMPTS = 12;
/** Requests logged per receive: the in-Lambda retries are few. */
const MAX_ATTEMPTS_PER_RECEIVE = 3;

/** Writes the delivery log record; a failure to write is reported, never thrown (see `deliver`). */
export const writeLog = async (
  message: DeliveryMessage | null,
  facts: RecordFacts,
  input: DeliveryInput,
  deps: DeliverDeps,
): Promise<string | null> => {
  // A message that failed validation has no trustworthy ids to file a record under; the DLQ has it.
  if (message === null) return null;
  const { result, reason } = facts;
  const record: DeliveryRecord = {
    event_id: message.event.event_id,
    route_id: message.route_id,
    tenant_id: message.event.tenant_id,
    destination_type: message.destination.type,
    status: facts.status,
    attempts: result?.attempts ?? reason?.attempts ?? 0,
    receive_count: input.receiveCount,
    latencies_ms: result?.latencies_ms ?? facts.latenciesMs ?? [],
    last_status: result?.last_status ?? reason?.last_status ?? null,
    last_error: reason,
    updated_at: new Date(deps.clock()).toISOString(),
    ...(result?.via === undefined ? {} : { via: result.via }),
    ...(facts.next === undefined ? {} : { next_attempt_at: facts.next.at, next_attempt: facts.next.attempt }),
    attempt_log: attemptLogOf(message, result?.history ?? facts.history ?? []),
    // A delivery's first message (fresh from the router, or released after a hold) starts its attempt log anew.
    ...(message.retry === undefined ? { attempt_log_restart: true } : {}),
  };
  try {
    await deps.log.recordDelivery(record);
    return null;
  } catch (error) {
    return describeError(error);
  }
};

/** The router's attributes plus the ids the worker knows, for the dead letter. */
export const carriedAttributes = (
  input: DeliveryInput,
  message: DeliveryMessage | null,
): Record<string, string> =>
  message === null
    ? { ...input.attributes }
    : {
        ...input.attributes,
        delivery_id: message.delivery_id,
        tenant_id: message.event.tenant_id,
        route_id: message.route_id,
        destination_type: message.destination.type,
        trace_id: message.event.trace_id,
      };
