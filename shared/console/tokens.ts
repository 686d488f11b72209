import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signed tokens of the console API, stateless so that every Lambda container checks them alike:
 * - the CSRF token: bound to the caller, sent back in a header on every change (a page of another origin
 *   cannot read it, nor send that header without a CORS preflight the API never grants);
 * - the confirmation token: returned with a dry run, bound to the caller, the action and its exact input, and
 *   valid for a few minutes, so a change runs only as previewed.
 */

const sign = (key: Buffer, text: string): string =>
  createHmac('sha256', key).update(text).digest('base64url');

const sameText = (a: string, b: string): boolean => {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
};

/** The caller's CSRF token. */
export const csrfTokenFor = (key: Buffer, principalId: string): string => sign(key, `csrf:${principalId}`);

/** True when `token` is the caller's CSRF token. */
export const isCsrfToken = (key: Buffer, principalId: string, token: string | undefined): boolean =>
  token !== undefined && sameText(token, csrfTokenFor(key, principalId));

/** How long a preview may be confirmed. */
export const CONFIRMATION_TTL_MS = 10 * 60_000;

/** A stable text of a JSON value (object keys sorted), so the same input always signs the same. */
export const canonicalJson = (value: unknown): string => {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
};

/** A confirmation token for this caller, action and input, expiring `CONFIRMATION_TTL_MS` after `now`. */
export const confirmationTokenFor = (
  key: Buffer,
  subject: { principalId: string; action: string; input: unknown },
  now: number,
): { token: string; expiresAt: string } => {
  const expires = now + CONFIRMATION_TTL_MS;
  const body = `${expires}.${sign(key, `confirm:${subject.principalId}:${subject.action}:${expires}:${canonicalJson(subject.input)}`)}`;
  return { token: body, expiresAt: new Date(expires).toISOString() };
};

/** Why a confirmation token does not confirm this caller's action and input now, or null when it does. */
export const confirmationProblem = (
  key: Buffer,
  subject: { principalId: string; action: string; input: unknown },
  token: string | undefined,
  now: number,
): 'missing' | 'expired' | 'mismatch' | null => {
  if (!token) return 'missing';
  const [expiresText, signature, ...rest] = token.split('.');
  const expires = Number(expiresText);
  if (rest.length > 0 || !signature || !Number.isSafeInteger(expires)) return 'mismatch';
  const expected = sign(
    key,
    `confirm:${subject.principalId}:${subject.action}:${expires}:${canonicalJson(subject.input)}`,
  );
  if (!sameText(signature, expected)) return 'mismatch';
  return expires < now ? 'expired' : null;
};
