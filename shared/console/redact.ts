/**
 * What leaves the console API: no secret value, ever. Names of secrets (`…_secret_name`, `…_arn_or_name`) are
 * references and stay; values under secret-looking keys, every destination header except a few harmless ones,
 * credentials and query strings in URLs are replaced by `REDACTED`.
 */

export const REDACTED = '[redacted]';

const SECRET_KEY =
  /secret|token|password|passwd|authori[sz]ation|api[-_]?key|signature|credential|cookie|private/i;
const REFERENCE_KEY = /(_name|_arn_or_name|_arn)$/i;
const HARMLESS_HEADERS = new Set(['content-type', 'accept', 'user-agent']);

const redactUrl = (text: string): string => {
  if (!/^https?:\/\//i.test(text)) return text;
  try {
    const url = new URL(text);
    if (url.username || url.password) {
      url.username = REDACTED;
      url.password = '';
    }
    for (const name of [...url.searchParams.keys()]) url.searchParams.set(name, REDACTED);
    // Chat webhook URLs carry their secret in the path (hooks.slack.com/services/T…/B…/<secret>).
    if (/hooks\.slack\.com$/i.test(url.hostname)) url.pathname = '/services/[redacted]';
    return url.toString();
  } catch {
    return text;
  }
};

const redactHeaders = (headers: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      HARMLESS_HEADERS.has(name.toLowerCase()) ? value : REDACTED,
    ]),
  );

/** A deep copy of `value` with every secret value replaced. */
export const redactSecrets = (value: unknown, key = ''): unknown => {
  if (typeof value === 'string') {
    if (key && SECRET_KEY.test(key) && !REFERENCE_KEY.test(key)) return REDACTED;
    return redactUrl(value);
  }
  if (Array.isArray(value)) return value.map((item) => redactSecrets(item, key));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => {
      if (k === 'headers' && v && typeof v === 'object' && !Array.isArray(v))
        return [k, redactHeaders(v as Record<string, unknown>)];
      if (SECRET_KEY.test(k) && !REFERENCE_KEY.test(k) && v !== null && typeof v !== 'boolean')
        return [k, REDACTED];
      return [k, redactSecrets(v, k)];
    });
    return Object.fromEntries(entries);
  }
  return value;
};
