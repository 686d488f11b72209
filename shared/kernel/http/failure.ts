import {
  AuthExpiredError,
  type FailureCode,
  OperationError,
  PermanentError,
  RetryableError,
} from '../errors.ts';
import { parseRetryAfter } from '../retry-policy.ts';

/** Where in a send a failure happened. */
export interface AttemptContext {
  /** Attempts made so far, this one included. */
  readonly attempts: number;
  readonly now: number;
}

/** An attempt context plus the status of the last response, for failures that are not a response. */
export interface FailureContext extends AttemptContext {
  readonly lastStatus: number | null;
}

const RETRYABLE_STATUS: ReadonlyMap<number, FailureCode> = new Map([
  [408, 'request_timeout'],
  [429, 'rate_limited'],
]);

/** The failure a response status means, or `null` for 2xx. Redirects are not followed (see outbound-client). */
export const classifyResponse = (
  status: number,
  headers: Headers,
  context: AttemptContext,
): OperationError | null => {
  if (status >= 200 && status < 300) return null;
  const base = { attempts: context.attempts, lastStatus: status, failedAt: context.now };
  const message = `destination answered HTTP ${status}`;
  if (status === 401) return new AuthExpiredError({ ...base, code: 'auth_expired', message });
  const retryableCode = status >= 500 ? 'server_error' : RETRYABLE_STATUS.get(status);
  if (retryableCode !== undefined) {
    const retryAfterMs = parseRetryAfter(headers, context.now);
    return new RetryableError({ ...base, code: retryableCode, message, retryAfterMs });
  }
  const code = status >= 300 && status < 400 ? 'unexpected_redirect' : 'client_error';
  return new PermanentError({ ...base, code, message });
};

/**
 * Connection-level error codes worth retrying. DNS failures (ENOTFOUND, EAI_AGAIN) are included on purpose:
 * resolvers hiccup and tenants move records; a name that really is gone still reaches the DLQ after
 * maxReceiveCount, and the breaker stops us hammering it meanwhile.
 */
const NETWORK_CODES: ReadonlyMap<string, FailureCode> = new Map([
  ['ECONNRESET', 'connection_error'],
  ['ECONNREFUSED', 'connection_error'],
  ['ECONNABORTED', 'connection_error'],
  ['EPIPE', 'connection_error'],
  ['EHOSTUNREACH', 'connection_error'],
  ['ENETUNREACH', 'connection_error'],
  ['ENETDOWN', 'connection_error'],
  ['ETIMEDOUT', 'timeout'],
  ['ENOTFOUND', 'dns_failure'],
  ['EAI_AGAIN', 'dns_failure'],
  ['UND_ERR_CONNECT_TIMEOUT', 'timeout'],
  ['UND_ERR_HEADERS_TIMEOUT', 'timeout'],
  ['UND_ERR_BODY_TIMEOUT', 'timeout'],
]);

/** undici's own argument errors are bugs in the request, not the network, whatever their prefix says. */
const UNDICI_PERMANENT = new Set([
  'UND_ERR_INVALID_ARG',
  'UND_ERR_INVALID_RETURN_VALUE',
  'UND_ERR_NOT_SUPPORTED',
]);

const codeOf = (value: unknown): string | null => {
  const code = (value as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : null;
};

/** Every error in a `cause` chain, including the members of an AggregateError (happy-eyeballs connects). */
const errorChain = (error: unknown, seen = new Set<unknown>()): unknown[] => {
  if (error === null || typeof error !== 'object' || seen.has(error)) return [];
  seen.add(error);
  const nested = error instanceof AggregateError ? error.errors : [];
  const cause = (error as { cause?: unknown }).cause;
  return [error, ...errorChain(cause, seen), ...nested.flatMap((member) => errorChain(member, seen))];
};

/** The retryable code a thrown network error means, or `null` when it is not a network error. */
const networkCode = (error: unknown): { code: FailureCode; raw: string } | null => {
  for (const link of errorChain(error)) {
    if (link instanceof Error && (link.name === 'TimeoutError' || link.name === 'AbortError')) {
      return { code: 'timeout', raw: link.name };
    }
    const raw = codeOf(link);
    if (raw === null) continue;
    const known = NETWORK_CODES.get(raw);
    if (known !== undefined) return { code: known, raw };
    if (raw.startsWith('UND_ERR_') && !UNDICI_PERMANENT.has(raw)) return { code: 'connection_error', raw };
  }
  return null;
};

/**
 * fetch wraps every network failure as `TypeError: fetch failed`, whatever the cause turns out to be; it wraps
 * undici's argument errors the same way, and those are not network failures.
 */
const isFetchNetworkFailure = (error: unknown): boolean =>
  error instanceof TypeError &&
  error.message === 'fetch failed' &&
  !errorChain(error).some((link) => UNDICI_PERMANENT.has(codeOf(link) ?? ''));

/**
 * The failure a thrown value means. Delivery errors pass through; timeouts and network errors are retryable;
 * anything else failed while building the request (bad URL, header, body) and would fail again.
 */
export const classifyThrown = (
  error: unknown,
  context: AttemptContext & { readonly lastStatus?: number | null },
): OperationError => {
  if (error instanceof OperationError) return error;
  // Thrown during an attempt there is no status; thrown around one (a token refresh) the last one still holds.
  const lastStatus = context.lastStatus ?? null;
  const base = { attempts: context.attempts, lastStatus, failedAt: context.now, cause: error };
  const network = networkCode(error);
  if (network !== null) {
    return new RetryableError({ ...base, code: network.code, message: `no answer: ${network.raw}` });
  }
  if (isFetchNetworkFailure(error)) {
    return new RetryableError({
      ...base,
      code: 'connection_error',
      message: 'no answer: fetch failed',
    });
  }
  // Names and codes only: fetch's own messages quote the URL, which may carry a token.
  const name = error instanceof Error ? error.name : typeof error;
  const code = errorChain(error)
    .map(codeOf)
    .find((found) => found !== null);
  const message = `request not sent: ${name}${code ? ` (${code})` : ''}`;
  return new PermanentError({ ...base, code: 'invalid_request', message });
};

/** The error that stops a send when the deadline leaves no room for another attempt. */
export const outOfTime = (last: OperationError | null, context: FailureContext): RetryableError =>
  new RetryableError({
    code: 'out_of_time',
    message: `retryable, out of time after ${context.attempts} attempt(s)${last ? `: ${last.message}` : ''}`,
    attempts: context.attempts,
    lastStatus: context.lastStatus,
    failedAt: context.now,
    retryAfterMs: last?.retryAfterMs ?? null,
    cause: last ?? undefined,
  });
