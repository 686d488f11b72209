/**
 * One request to a destination as the delivery log keeps it: when, what came back, how long it took, why it
 * failed, and the start of the answer's body with anything secret-looking masked. Bounded: an entry is at most
 * about 1.5 KiB however large or hostile the answer.
 */
export interface AttemptRecord {
  /** ISO-8601 UTC, when the request went out. */
  readonly at: string;
  /** The answer's HTTP status; null when none came (timeout, reset connection). */
  readonly status: number | null;
  readonly latency_ms: number;
  /** `<code>: <message>` of a failed attempt; null for a success. */
  readonly error: string | null;
  /** The first `ATTEMPT_BODY_BYTES` of the answer's body, secrets masked; null when there was none. */
  readonly body: string | null;
}

/** How much of an answer's body an attempt keeps. */
export const ATTEMPT_BODY_BYTES = 1024;
const MAX_ERROR_CHARS = 300;
export const MASKED = '[masked]';

/** Values that look like credentials, wherever they appear in a body. */
const SECRET_PATTERNS: readonly RegExp[] = [
  // "token": "…", api_key=…, password: … (JSON, form or header-like text)
  /((?:secret|token|password|passwd|api[-_]?key|authorization|signature|credential|cookie|private[-_]?key)[a-z_-]*["']?\s*[:=]\s*["']?)([^"'\s,&}]+)/gi,
  /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g,
  /\bwhsec_[A-Za-z0-9+/=]+/g,
  /\bxox[abposr]-[A-Za-z0-9-]+/g,
  /\beyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g,
  // Card numbers: 13–19 digits, optionally grouped by spaces or dashes.
  /\b\d(?:[ -]?\d){12,18}\b/g,
];

/** `text` with every secret-looking value replaced by `[masked]`. */
export const maskSecrets = (text: string): string =>
  SECRET_PATTERNS.reduce(
    (masked, pattern) =>
      masked.replace(pattern, (match, prefix: unknown) =>
        typeof prefix === 'string' && match.startsWith(prefix) && prefix !== match && /[:=]/.test(prefix)
          ? `${prefix}${MASKED}`
          : MASKED,
      ),
    text,
  );

/** The first bytes of a body (UTF-8), masked; null for an empty one. */
export const bodyExcerpt = (text: string | null | undefined): string | null => {
  if (!text) return null;
  const bytes = Buffer.from(text, 'utf8');
  const cut =
    bytes.byteLength > ATTEMPT_BODY_BYTES ? bytes.subarray(0, ATTEMPT_BODY_BYTES).toString('utf8') : text;
  return maskSecrets(cut);
};

/** A failed attempt's `<code>: <message>`, bounded. */
export const attemptError = (code: string, message: string): string =>
  maskSecrets(`${code}: ${message}`).slice(0, MAX_ERROR_CHARS);
