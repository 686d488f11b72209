import { VerificationError } from './errors.ts';
import type { WebhookRequest } from './scheme.ts';

/** How far a signed timestamp may lie from now, in the past or the future. */
export const TIMESTAMP_TOLERANCE_SECONDS = 300;

type Headers = WebhookRequest['headers'];

/** The trimmed value of a lower-case header, or undefined when it is absent or blank. */
export const readHeader = (headers: Headers, name: string): string | undefined => {
  const value = Object.hasOwn(headers, name) ? headers[name]?.trim() : undefined;
  return value ? value : undefined;
};

/** The value of the first present header among aliases (old and new names of the same header). */
export const readFirstHeader = (headers: Headers, names: readonly string[]): string | undefined => {
  for (const name of names) {
    const value = readHeader(headers, name);
    if (value !== undefined) return value;
  }
  return undefined;
};

/** The value of the first present header among `names`, or a `missing_header` VerificationError. */
export const requireHeader = (headers: Headers, ...names: readonly string[]): string => {
  const value = readFirstHeader(headers, names);
  if (value === undefined)
    throw new VerificationError('missing_header', `missing header ${names.join(' or ')}`);
  return value;
};

/** The usable (non-empty) secrets, or a `no_secret` VerificationError: an empty key would let anyone sign. */
export const requireSecrets = (secrets: readonly string[]): readonly string[] => {
  const usable = secrets.filter((secret) => secret.length > 0);
  if (usable.length === 0) throw new VerificationError('no_secret', 'no usable secret configured');
  return usable;
};

const UNIX_SECONDS = /^\d{1,12}$/;

/** Parses unix seconds written as plain digits, or throws a `malformed_header` VerificationError. */
export const parseUnixSeconds = (value: string, name: string): number => {
  if (!UNIX_SECONDS.test(value))
    throw new VerificationError('malformed_header', `${name} is not unix seconds`);
  return Number(value);
};

/** Throws `timestamp_out_of_window` when `timestamp` lies more than the tolerance before or after `nowSeconds`. */
export const assertTimestampInWindow = (timestamp: number, nowSeconds: number): void => {
  if (Math.abs(nowSeconds - timestamp) > TIMESTAMP_TOLERANCE_SECONDS) {
    throw new VerificationError('timestamp_out_of_window', `timestamp ${timestamp} is outside the window`);
  }
};

/**
 * The raw text of a timestamp header once it is present, well-formed and within the window. The raw text,
 * not a re-formatted number, is what the sender signed.
 */
export const requireTimestamp = (request: WebhookRequest, name: string): string => {
  const raw = requireHeader(request.headers, name);
  assertTimestampInWindow(parseUnixSeconds(raw, name), request.nowSeconds);
  return raw;
};

/** Splits `prefix<rest>` into the rest, or throws a `malformed_header` VerificationError. */
export const stripPrefix = (value: string, prefix: string, name: string): string => {
  if (!value.startsWith(prefix)) throw new VerificationError('malformed_header', `${name} lacks ${prefix}`);
  return value.slice(prefix.length);
};
