import { type DeliveryMessage, DeliveryMessageSchema, deliveryId } from '../delivery-message.ts';
import { permanent } from '../destinations/failures.ts';

/** At most this many problems are listed: a thoroughly broken message would otherwise flood the reason. */
const MAX_PROBLEMS = 10;

type Validation = { readonly message: DeliveryMessage } | { readonly problems: readonly string[] };

const validate = (value: unknown): Validation => {
  const result = DeliveryMessageSchema.safeParse(value);
  if (!result.success) {
    // Paths and messages only: a value could be anything, a secret pasted into a payload included.
    return {
      problems: result.error.issues.map(
        (issue) => `${issue.path.join('.') || '(message)'}: ${issue.message}`,
      ),
    };
  }
  const message = result.data;
  // The id doubles as the idempotency key here and at the far end, so it must be the one the contract defines.
  if (message.delivery_id !== deliveryId(message.event.event_id, message.route_id)) {
    return { problems: ['delivery_id: must be "<event id>:<route id>"'] };
  }
  return { message };
};

/**
 * The delivery message in an SQS body, validated. An invalid one is a `PermanentError`
 * (`validation_error`): no receive will ever make it valid, so it goes to the DLQ at once.
 */
export const parseDeliveryMessage = (body: string, now: number): DeliveryMessage => {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw permanent('validation_error', 'invalid delivery message: not JSON', now);
  }
  const validation = validate(value);
  if ('message' in validation) return validation.message;
  const listed = validation.problems.slice(0, MAX_PROBLEMS).join('; ');
  throw permanent('validation_error', `invalid delivery message: ${listed}`, now);
};

/** Ids read from a message that failed validation, so its log line can still be found. */
export const messageHints = (body: string): Record<string, string | null> => {
  let value: { delivery_id?: unknown; event?: { trace_id?: unknown; tenant_id?: unknown } } = {};
  try {
    value = JSON.parse(body) ?? {};
  } catch {
    // Nothing to read.
  }
  const text = (field: unknown) => (typeof field === 'string' ? field.slice(0, 200) : null);
  return {
    delivery_id: text(value.delivery_id),
    trace_id: text(value.event?.trace_id),
    tenant_id: text(value.event?.tenant_id),
  };
};
