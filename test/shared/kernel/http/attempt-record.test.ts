import { describe, expect, it } from 'vitest';
import {
  ATTEMPT_BODY_BYTES,
  bodyExcerpt,
  maskSecrets,
} from '../../../../shared/kernel/http/attempt-record.ts';

describe('Function: maskSecrets', () => {
  it('masks credential-looking values in JSON, form and header text, and card numbers', () => {
    // Act
    const masked = maskSecrets(
      '{"token":"abc123","password": "hunter2"} api_key=k-9&ok=1 Authorization: Bearer eyJhbGciOi.x.y ' +
        'whsec_MfKQ9r8GKYqr xoxb-1-2-3 card 4242 4242 4242 4242',
    );

    // Assess
    for (const secret of [
      'abc123',
      'hunter2',
      'k-9',
      'eyJhbGciOi',
      'whsec_MfKQ9r8GKYqr',
      'xoxb-1-2-3',
      '4242 4242',
    ]) {
      expect(masked).not.toContain(secret);
    }
    expect(masked).toContain('"token":"[masked]"');
    expect(masked).toContain('ok=1');
  });

  it('leaves ordinary text alone', () => {
    expect(maskSecrets('{"error":"upstream timeout","retry_in":30}')).toBe(
      '{"error":"upstream timeout","retry_in":30}',
    );
  });
});

describe('Function: bodyExcerpt', () => {
  it('keeps the first KiB of a body and nothing of an empty one', () => {
    expect(Buffer.byteLength(bodyExcerpt('é'.repeat(5_000)) ?? '')).toBeLessThanOrEqual(
      ATTEMPT_BODY_BYTES + 3,
    );
    expect(bodyExcerpt('')).toBeNull();
  });
});
