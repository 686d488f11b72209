import { type EventEnvelope, EventEnvelopeSchema } from '../webhooks/envelope-schema.ts';
import { type EnvelopeHints, InvalidEnvelopeError } from './errors.ts';

/** What the router checks beyond the envelope's own schema. */
export interface EnvelopeExpectations {
  /** The only bucket a claim-check may point at: the worker must never be steered to read another one. */
  readonly claimCheckBucket: string;
}

/** A log line this long is plenty to act on; a hostile message must not make it unbounded. */
const MAX_PROBLEMS = 10;

interface Issue {
  readonly path: readonly PropertyKey[];
  readonly code: string;
  readonly expected?: unknown;
  readonly values?: readonly unknown[];
}

// Built from the issue's code rather than its message: zod/mini ships no locale, so messages say "Invalid input".
const describeIssue = (issue: Issue): string => {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(root)';
  if (issue.values) return `${path}: ${issue.code} (expected one of ${issue.values.map(String).join(', ')})`;
  if (typeof issue.expected === 'string') return `${path}: ${issue.code} (expected ${issue.expected})`;
  return `${path}: ${issue.code}`;
};

const text = (value: unknown): string | null =>
  typeof value === 'string' && value.length > 0 ? value.slice(0, 128) : null;

const hintsOf = (json: unknown): EnvelopeHints => {
  const record = typeof json === 'object' && json !== null ? (json as Record<string, unknown>) : {};
  return { trace_id: text(record.trace_id), event_id: text(record.event_id) };
};

const parseJson = (body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch (error) {
    throw new InvalidEnvelopeError(
      ['(root): not JSON'],
      { trace_id: null, event_id: null },
      { cause: error },
    );
  }
};

/**
 * Reads an inbound queue message body as an event envelope. Throws `InvalidEnvelopeError` (permanent: the
 * same bytes fail the same way on every receive) listing what is wrong.
 */
export const readInboundEnvelope = (body: string, expect: EnvelopeExpectations): EventEnvelope => {
  const json = parseJson(body);
  const parsed = EventEnvelopeSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, MAX_PROBLEMS).map(describeIssue);
    throw new InvalidEnvelopeError(problems, hintsOf(json), { cause: parsed.error });
  }
  const envelope = parsed.data;
  if ('claim_check' in envelope.body && envelope.body.claim_check.bucket !== expect.claimCheckBucket) {
    throw new InvalidEnvelopeError(
      [`body.claim_check.bucket: not the claim-check bucket (${expect.claimCheckBucket})`],
      hintsOf(envelope),
    );
  }
  return envelope;
};
