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

/** The event envelope the receiver enqueues: snake_case, versioned, never carrying a signature. */
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

/** True when the envelope's body lives in the claim-check store rather than inline. */
export const isClaimChecked = (body: EventEnvelope['body']): body is ClaimCheckBody => 'claim_check' in body;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Encodes body bytes losslessly: UTF-8 text stays readable, anything else is base64. */
export const encodeInlineBody = (bytes: Buffer): InlineBody => {
  try {
    return { encoding: 'utf8', data: utf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: bytes.toString('base64') };
  }
};

/** Returns the exact bytes of an inline body. */
export const decodeInlineBody = (body: InlineBody): Buffer =>
  body.encoding === 'utf8' ? Buffer.from(body.data, 'utf8') : Buffer.from(body.data, 'base64');

/** Parses and validates an envelope from a queue message body; throws a ZodError-like error on bad input. */
export const parseEnvelope = (json: string): EventEnvelope => EventEnvelopeSchema.parse(JSON.parse(json));
