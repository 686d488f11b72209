import { assertHmacMatches, type DigestEncoding, hmac } from './crypto.ts';
import { requireHeader, requireSecrets, stripPrefix } from './request-parts.ts';
import type { WebhookRequest } from './scheme.ts';

/** A scheme whose one signature header carries an HMAC-SHA256 of the raw body alone. */
export interface BodyHmacOptions {
  /** Lower-case header names, preferred first (a provider renaming its header). */
  readonly headers: readonly string[];
  readonly encoding: DigestEncoding;
  /** Text before the digest in the header, e.g. `sha256=`. */
  readonly prefix?: string;
}

/** Verifies a body-only HMAC-SHA256 signature header against any of the secrets. */
export const verifyBodyHmac = (
  request: WebhookRequest,
  secrets: readonly string[],
  options: BodyHmacOptions,
): void => {
  const keys = requireSecrets(secrets);
  const header = requireHeader(request.headers, ...options.headers);
  const signature = options.prefix ? stripPrefix(header, options.prefix, options.headers[0] ?? '') : header;
  assertHmacMatches({
    algorithm: 'sha256',
    encoding: options.encoding,
    keys,
    parts: [request.body],
    candidates: [signature],
  });
};

/** The header value that makes `body` verify under `secret`. */
export const signBodyHmac = (body: Buffer, secret: string, options: BodyHmacOptions): string =>
  `${options.prefix ?? ''}${hmac('sha256', secret, [body], options.encoding)}`;
