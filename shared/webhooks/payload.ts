import { MalformedPayloadError } from './errors.ts';
import type { EventFacts, HandshakeAnswer, WebhookRequest } from './scheme.ts';

/** A parsed JSON object; fields are unknown until checked. */
export type JsonObject = Readonly<Record<string, unknown>>;

const FORM_MEDIA_TYPE = 'application/x-www-form-urlencoded';

/** True when a content type names a form-encoded body, whatever its parameters and case. */
export const isFormContentType = (contentType: string | undefined): boolean =>
  (contentType ?? '').split(';')[0]?.trim().toLowerCase() === FORM_MEDIA_TYPE;

/** True when the request says its body is form-encoded. */
export const isFormRequest = (headers: WebhookRequest['headers']): boolean =>
  isFormContentType(headers['content-type']);

/** True when the value is a JSON object (not null, not an array). */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Fatal decoding: a body that is not UTF-8 is not JSON, rather than JSON with replacement characters.
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Parses JSON text into an object, or throws MalformedPayloadError. */
export const parseJsonObjectText = (text: string, what = 'body'): JsonObject => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MalformedPayloadError(`${what} is not JSON`, { cause: error });
  }
  if (!isJsonObject(value)) throw new MalformedPayloadError(`${what} is not a JSON object`);
  return value;
};

/** Decodes the body as strict UTF-8 and parses it as a JSON object, or throws MalformedPayloadError. */
export const parseJsonObject = (body: Buffer): JsonObject => {
  let text: string;
  try {
    text = utf8.decode(body);
  } catch (error) {
    throw new MalformedPayloadError('body is not UTF-8', { cause: error });
  }
  return parseJsonObjectText(text);
};

/** Like `parseJsonObject`, but null instead of an error for schemes that accept any body. */
export const tryParseJsonObject = (body: Buffer): JsonObject | null => {
  try {
    return parseJsonObject(body);
  } catch {
    return null;
  }
};

/** Parses a form-encoded body the way browsers do (`+` is a space). */
export const parseForm = (body: Buffer): URLSearchParams => new URLSearchParams(body.toString('utf8'));

/** The field when it is a string, else null. */
export const stringField = (object: JsonObject, key: string): string | null => {
  const value = object[key];
  return typeof value === 'string' ? value : null;
};

/** The distinct non-null values joined with `,` in first-seen order, or null when there are none. */
export const joinDistinct = (values: readonly (string | null)[]): string | null => {
  const distinct = [...new Set(values.filter((value): value is string => value !== null))];
  return distinct.length > 0 ? distinct.join(',') : null;
};

/** An event interpretation. */
export const eventFacts = (providerEventId: string | null, eventType: string | null): EventFacts => ({
  kind: 'event',
  providerEventId,
  eventType,
});

/** A handshake answered with 200 and the given body. */
export const handshake = (contentType: HandshakeAnswer['contentType'], body: string): HandshakeAnswer => ({
  kind: 'handshake',
  statusCode: 200,
  contentType,
  body,
});
