import { type BinaryLike, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { VerificationError } from './errors.ts';

export type HmacAlgorithm = 'sha1' | 'sha256';
export type DigestEncoding = 'hex' | 'base64';

/** The HMAC of the concatenated `parts` under `key`, encoded as text. */
export const hmac = (
  algorithm: HmacAlgorithm,
  key: BinaryLike,
  parts: readonly (string | Buffer)[],
  encoding: DigestEncoding,
): string => {
  const mac = createHmac(algorithm, key);
  // Feeding the parts one by one avoids copying a large body into a new buffer.
  for (const part of parts) mac.update(part);
  return mac.digest(encoding);
};

/** The hex SHA-256 of the given bytes. */
export const sha256Hex = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Constant-time string equality; the length check only reveals the length of a public digest format. */
export const safeEqual = (a: string, b: string): boolean => {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
};

/** True when any candidate equals any expected value, each pair compared in constant time. */
export const anyEqual = (expected: readonly string[], candidates: readonly string[]): boolean =>
  expected.some((value) => candidates.some((candidate) => safeEqual(value, candidate)));

/** What an HMAC check needs: the keys to try, the signed parts, and the signatures the request carried. */
export interface HmacCheck {
  readonly algorithm: HmacAlgorithm;
  readonly encoding: DigestEncoding;
  readonly keys: readonly BinaryLike[];
  readonly parts: readonly (string | Buffer)[];
  readonly candidates: readonly string[];
}

/** True when one candidate is the HMAC of the parts under one of the keys (secret rotation). */
export const hmacMatches = (check: HmacCheck): boolean => {
  const expected = check.keys.map((key) => hmac(check.algorithm, key, check.parts, check.encoding));
  return anyEqual(expected, check.candidates);
};

/** Throws a `signature_mismatch` VerificationError unless `hmacMatches(check)`. */
export const assertHmacMatches = (check: HmacCheck): void => {
  if (!hmacMatches(check))
    throw new VerificationError('signature_mismatch', 'no signature matches any secret');
};

/** A random URL-safe token, for ids the signer has to invent. */
export const randomToken = (bytes = 18): string => randomBytes(bytes).toString('base64url');
