import type { ClaimCheckBody, EventEnvelope, InlineBody } from './envelope-schema.ts';

export type { ClaimCheckBody, EventEnvelope, InlineBody } from './envelope-schema.ts';

/** Version of the envelope format (kept equal to `ENVELOPE_VERSION` in envelope-schema.ts by a test). */
export const ENVELOPE_VERSION = 1 as const;

/** True when the envelope's body lives in the claim-check store rather than inline. */
export const isClaimChecked = (body: EventEnvelope['body']): body is ClaimCheckBody => 'claim_check' in body;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Encodes body bytes losslessly: UTF-8 text stays readable, anything else is base64. `text`, when given, is the
 * string the bytes were UTF-8 encoded from; a well-formed one is those bytes' exact decoding, so it is used as
 * it is (a lone surrogate would have become U+FFFD in the bytes, so such a string is decoded afresh).
 */
export const encodeInlineBody = (bytes: Buffer, text?: string): InlineBody => {
  if (text?.isWellFormed()) return { encoding: 'utf8', data: text };
  try {
    return { encoding: 'utf8', data: utf8.decode(bytes) };
  } catch {
    return { encoding: 'base64', data: bytes.toString('base64') };
  }
};

/** Returns the exact bytes of an inline body. */
export const decodeInlineBody = (body: InlineBody): Buffer =>
  body.encoding === 'utf8' ? Buffer.from(body.data, 'utf8') : Buffer.from(body.data, 'base64');
