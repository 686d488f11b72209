import type { FailureReason } from '../delivery/delivery-log.ts';

/**
 * Pure logic of the DLQ tools: decoding a dead letter (an inbound envelope or a delivery message), reading its
 * failure reason, filtering, and reconciling counts after a move. No SDK here; the adapters hand in plain data.
 */

/** A message as received from SQS, reduced to what the tools use (string attributes only). */
export interface RawDlqMessage {
  readonly messageId: string;
  readonly receiptHandle: string;
  readonly body: string;
  /** Message attributes (String / Number values). */
  readonly attributes: Readonly<Record<string, string>>;
  /** System attributes: SentTimestamp, ApproximateReceiveCount, DeadLetterQueueSourceArn, … */
  readonly systemAttributes: Readonly<Record<string, string>>;
}

export type DlqMessageKind = 'envelope' | 'delivery' | 'unknown';

export interface DecodedDlqMessage {
  readonly message_id: string;
  readonly kind: DlqMessageKind;
  readonly event_id: string | null;
  readonly tenant_id: string | null;
  readonly provider: string | null;
  readonly event_type: string | null;
  readonly route_id: string | null;
  readonly delivery_id: string | null;
  /** When the message was first sent (ISO), from SentTimestamp. */
  readonly sent_at: string | null;
  readonly receive_count: number | null;
  readonly source_queue_arn: string | null;
  readonly attributes: Readonly<Record<string, string>>;
  readonly failure: FailureReason | null;
  /** Where the failure reason came from: the message's attributes, the delivery log, or nowhere. */
  readonly failure_source: 'attributes' | 'delivery_log' | null;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

const isoOfMillis = (value: string | undefined): string | null => {
  const millis = Number(value);
  return value !== undefined && Number.isFinite(millis) ? new Date(millis).toISOString() : null;
};

/** The failure reason the delivery worker attaches as attributes (dead-letter.ts), or null. */
export const failureFromAttributes = (attributes: Readonly<Record<string, string>>): FailureReason | null => {
  const code = attributes.failure_code;
  if (!code) return null;
  const status = attributes.failure_last_status;
  const attempts = Number(attributes.failure_attempts);
  return {
    code,
    message: attributes.failure_message ?? '',
    attempts: Number.isFinite(attempts) ? attempts : 0,
    last_status: status === undefined || status === 'null' || status === '' ? null : Number(status),
    failed_at: attributes.failed_at ?? '',
  };
};

const parseBody = (body: string): Record<string, unknown> | null => {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : null;
  } catch {
    return null;
  }
};

/** Decodes a dead letter: a delivery message (`delivery_id` + `event`) or an inbound envelope (`event_id`). */
export const decodeDlqMessage = (raw: RawDlqMessage): DecodedDlqMessage => {
  const body = parseBody(raw.body);
  const attrs = raw.attributes;
  const event =
    body && typeof body.event === 'object' && body.event !== null
      ? (body.event as Record<string, unknown>)
      : null;
  const kind: DlqMessageKind =
    body && typeof body.delivery_id === 'string' && event
      ? 'delivery'
      : body && typeof body.event_id === 'string'
        ? 'envelope'
        : 'unknown';
  const source = kind === 'delivery' ? event : kind === 'envelope' ? body : null;
  const failure = failureFromAttributes(attrs);
  const receiveCount = Number(raw.systemAttributes.ApproximateReceiveCount);
  return {
    message_id: raw.messageId,
    kind,
    event_id: str(source?.event_id),
    tenant_id: str(source?.tenant_id) ?? str(attrs.tenant_id),
    provider: str(source?.provider) ?? str(attrs.provider),
    event_type: str(source?.event_type) ?? str(attrs.event_type),
    route_id: kind === 'delivery' ? str(body?.route_id) : str(attrs.route_id),
    delivery_id: kind === 'delivery' ? str(body?.delivery_id) : str(attrs.delivery_id),
    sent_at: isoOfMillis(raw.systemAttributes.SentTimestamp),
    receive_count: Number.isFinite(receiveCount) ? receiveCount : null,
    source_queue_arn: str(raw.systemAttributes.DeadLetterQueueSourceArn),
    attributes: attrs,
    failure,
    failure_source: failure ? 'attributes' : null,
  };
};

/** Adds a failure reason found elsewhere (the delivery log) to a message that carries none. */
export const withJoinedFailure = (
  message: DecodedDlqMessage,
  failure: FailureReason | null,
): DecodedDlqMessage =>
  message.failure || !failure ? message : { ...message, failure, failure_source: 'delivery_log' };

export interface DlqFilter {
  readonly tenantId?: string;
  readonly provider?: string;
  readonly eventType?: string;
  /** Case-insensitive substring of the failure code or message. */
  readonly error?: string;
  /** Only messages that failed (else were sent) at or after this time. */
  readonly since?: Date;
  /** Only deliveries of this route. */
  readonly routeId?: string;
  /** Only these messages (a selection made after a peek). */
  readonly messageIds?: readonly string[];
}

/** True when the filter selects something less than everything. */
export const hasFilter = (filter: DlqFilter): boolean =>
  Object.values(filter).some((value) => value !== undefined);

/** True when matching needs the failure reason (`error`, or `since`, which prefers the failure time). */
export const filterReadsFailure = (filter: DlqFilter): boolean =>
  filter.error !== undefined || filter.since !== undefined;

/** The filter as it is shown and audited (snake_case, ISO time, unset fields left out). */
export const describeFilter = (filter: DlqFilter): Record<string, string> => {
  const out: Record<string, string> = {};
  if (filter.tenantId !== undefined) out.tenant_id = filter.tenantId;
  if (filter.provider !== undefined) out.provider = filter.provider;
  if (filter.eventType !== undefined) out.event_type = filter.eventType;
  if (filter.error !== undefined) out.error = filter.error;
  if (filter.since !== undefined) out.since = filter.since.toISOString();
  if (filter.routeId !== undefined) out.route_id = filter.routeId;
  if (filter.messageIds !== undefined) out.message_ids = filter.messageIds.join(',');
  return out;
};

export const matchesFilter = (message: DecodedDlqMessage, filter: DlqFilter): boolean => {
  if (filter.tenantId !== undefined && message.tenant_id !== filter.tenantId) return false;
  if (filter.provider !== undefined && message.provider !== filter.provider) return false;
  if (filter.eventType !== undefined && message.event_type !== filter.eventType) return false;
  if (filter.routeId !== undefined && message.route_id !== filter.routeId) return false;
  if (filter.messageIds !== undefined && !filter.messageIds.includes(message.message_id)) return false;
  if (filter.error !== undefined) {
    const needle = filter.error.toLowerCase();
    const haystack = `${message.failure?.code ?? ''} ${message.failure?.message ?? ''}`.toLowerCase();
    if (!haystack.includes(needle)) return false;
  }
  if (filter.since !== undefined) {
    const at = message.failure?.failed_at || message.sent_at;
    if (!at || Date.parse(at) < filter.since.getTime()) return false;
  }
  return true;
};

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `--since`: an ISO-8601 time, or a duration back from now (`90s`, `30m`, `2h`, `7d`). Null when unreadable. */
export const parseSince = (text: string, now: Date = new Date()): Date | null => {
  const relative = /^(\d+)\s*([smhd])$/.exec(text.trim());
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNITS[relative[2]!]!);
  const millis = Date.parse(text);
  return Number.isNaN(millis) ? null : new Date(millis);
};

/** `--rate`: `50`, `50/s`; a positive number of messages per second (SQS move tasks allow 1..500). Null when bad. */
export const parseRate = (text: string): number | null => {
  const match = /^(\d+(?:\.\d+)?)(?:\/s)?$/.exec(text.trim());
  if (!match) return null;
  const rate = Number(match[1]);
  return rate > 0 && rate <= 500 ? rate : null;
};

export interface QueueCounts {
  /** Messages in the DLQ (visible + in flight). */
  readonly dlq: number;
  /** Messages in the destination (source) queue (visible + in flight). */
  readonly destination: number;
}

export interface Reconciliation {
  readonly before: QueueCounts;
  readonly after: QueueCounts;
  /** Messages that are in neither queue any more: must be 0. */
  readonly lost: number;
  /** Extra copies (sent but not yet deleted when interrupted): allowed, consumers are idempotent. */
  readonly duplicated: number;
}

/** Compares totals before and after a move: nothing may go missing; duplicates are at-least-once's price. */
export const reconcile = (before: QueueCounts, after: QueueCounts): Reconciliation => {
  const difference = after.dlq + after.destination - (before.dlq + before.destination);
  return { before, after, lost: Math.max(0, -difference), duplicated: Math.max(0, difference) };
};
