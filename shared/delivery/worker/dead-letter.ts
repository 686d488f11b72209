import type { FailureReason } from '../delivery-log.ts';
import type { DeadLetter } from './ports.ts';

/** SQS allows ten message attributes per message. */
const MAX_ATTRIBUTES = 10;
/** The reason's message stays readable in a console; the full story is in the delivery log. */
const MAX_MESSAGE = 1_000;

/**
 * Attributes worth keeping on a dead letter, most useful first (for `ops dlq filter`): the router's, then the
 * delivery id for a message without them. Those that do not fit next to the five failure attributes are
 * dropped; everything dropped is in the body too.
 */
const CARRIED = [
  'tenant_id',
  'route_id',
  'destination_type',
  'provider',
  'trace_id',
  'event_type',
  'delivery_id',
];

/** The failure reason as DLQ message attributes; a missing status is the string `null` (SQS has no null). */
export const failureAttributes = (reason: FailureReason): Record<string, string> => ({
  failure_code: reason.code,
  failure_message: reason.message.slice(0, MAX_MESSAGE) || '(none)',
  failure_attempts: String(reason.attempts),
  failure_last_status: reason.last_status === null ? 'null' : String(reason.last_status),
  failed_at: reason.failed_at,
});

/** A dead letter: the original body unchanged, the reason attached, and as many routing attributes as fit. */
export const deadLetterOf = (
  body: string,
  reason: FailureReason,
  carried: Readonly<Record<string, string>>,
): DeadLetter => {
  const attributes = failureAttributes(reason);
  for (const name of CARRIED) {
    const value = carried[name];
    if (Object.keys(attributes).length >= MAX_ATTRIBUTES) break;
    if (value !== undefined && value !== '') attributes[name] = value;
  }
  return { body, attributes };
};
