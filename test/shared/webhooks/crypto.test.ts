import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  assertHmacMatches,
  hmac,
  hmacMatches,
  safeEqual,
  sha256Hex,
} from '../../../shared/webhooks/crypto.ts';
import { rejectionReason } from './request.ts';

describe('Module: crypto', () => {
  it('computes the HMAC of the concatenated parts', () => {
    // Prepare
    const body = Buffer.from([0xff, 0x00, 0x41]);

    // Act
    const digest = hmac('sha256', 'key', ['1700000000.', body], 'hex');

    // Assess
    expect(digest).toBe(
      createHmac('sha256', 'key')
        .update(Buffer.concat([Buffer.from('1700000000.'), body]))
        .digest('hex'),
    );
  });

  it.each([
    ['equal strings', 'abc', 'abc', true],
    ['different strings of one length', 'abc', 'abd', false],
    ['a prefix', 'abc', 'ab', false],
    ['an empty string', '', 'a', false],
  ])('compares %s in constant time', (_label, a, b, expected) => {
    // Act
    const equal = safeEqual(a, b);

    // Assess
    expect(equal).toBe(expected);
  });

  it('matches when any key signs the parts into any candidate', () => {
    // Prepare
    const good = hmac('sha1', 'new', ['payload'], 'base64');
    const check = { algorithm: 'sha1', encoding: 'base64', parts: ['payload'] } as const;

    // Act
    const matches = [
      hmacMatches({ ...check, keys: ['old', 'new'], candidates: ['bogus', good] }),
      hmacMatches({ ...check, keys: ['old'], candidates: [good] }),
      hmacMatches({ ...check, keys: [], candidates: [good] }),
    ];

    // Assess
    expect(matches).toEqual([true, false, false]);
  });

  it('throws a signature_mismatch VerificationError when nothing matches', () => {
    // Act
    const reason = rejectionReason(() =>
      assertHmacMatches({
        algorithm: 'sha256',
        encoding: 'hex',
        keys: ['k'],
        parts: ['p'],
        candidates: [''],
      }),
    );

    // Assess
    expect(reason).toBe('signature_mismatch');
  });

  it('hashes bytes to hex SHA-256', () => {
    // Assess
    expect(sha256Hex(Buffer.from(''))).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
    );
  });
});
