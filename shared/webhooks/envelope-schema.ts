import * as z from 'zod/mini';
import { PROVIDER_IDS } from './provider-ids.ts';

/** Version of the envelope format; consumers must reject versions they do not know. */
export const ENVELOPE_VERSION = 1;

const InlineBodySchema = z.object({
  encoding: z.enum(['utf8', 'base64']),
  data: z.string(),
});

const ClaimCheckBodySchema = z.object({
  claim_check: z.object({
    bucket: z.string().check(z.minLength(1)),
    key: z.string().check(z.minLength(1)),
    size: z.number().check(z.int(), z.nonnegative()),
    sha256: z.string().check(z.regex(/^[0-9a-f]{64}$/)),
  }),
});

/**
 * The event envelope the receiver enqueues: snake_case, versioned, never carrying a signature.
 * Consumers validate with it; the receiver only needs the types, so building the schema stays off its cold start.
 */
export const EventEnvelopeSchema = z.object({
  version: z.literal(ENVELOPE_VERSION),
  event_id: z.string().check(z.minLength(1)),
  provider: z.enum(PROVIDER_IDS),
  tenant_id: z.string().check(z.minLength(1)),
  provider_event_id: z.nullable(z.string()),
  event_type: z.nullable(z.string()),
  received_at: z.iso.datetime(),
  trace_id: z.string().check(z.minLength(1)),
  content_type: z.nullable(z.string()),
  headers: z.record(z.string(), z.string()),
  body: z.union([InlineBodySchema, ClaimCheckBodySchema]),
});

export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
export type InlineBody = z.infer<typeof InlineBodySchema>;
export type ClaimCheckBody = z.infer<typeof ClaimCheckBodySchema>;

/** Parses and validates an envelope from a queue message body; throws on bad input. */
export const parseEnvelope = (json: string): EventEnvelope => EventEnvelopeSchema.parse(JSON.parse(json));
