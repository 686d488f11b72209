import { describe, expect, it } from 'vitest';
import {
  assertTimestampInWindow,
  parseUnixSeconds,
  readFirstHeader,
  readHeader,
  requireHeader,
  requireSecrets,
  requireTimestamp,
  stripPrefix,
  TIMESTAMP_TOLERANCE_SECONDS,
} from '../../../shared/webhooks/request-parts.ts';
import { makeRequest, NOW, rejectionReason } from './request.ts';

describe('Module: request-parts', () => {
  it('allows five minutes either way', () => {
    // Assess
    expect(TIMESTAMP_TOLERANCE_SECONDS).toBe(300);
  });

  it('reads a trimmed header and treats a blank one as absent', () => {
    // Prepare
    const headers = { 'x-a': '  value ', 'x-blank': '   ' };

    // Act
    const values = [
      readHeader(headers, 'x-a'),
      readHeader(headers, 'x-blank'),
      readHeader(headers, 'x-none'),
    ];

    // Assess
    expect(values).toEqual(['value', undefined, undefined]);
  });

  it('does not read inherited object properties as headers', () => {
    // Assess
    expect(readHeader({}, 'constructor')).toBeUndefined();
  });

  it('reads the first present header among aliases', () => {
    // Assess
    expect(readFirstHeader({ 'new-name': 'b', 'old-name': 'a' }, ['old-name', 'new-name'])).toBe('a');
    expect(readFirstHeader({ 'new-name': 'b' }, ['old-name', 'new-name'])).toBe('b');
  });

  it('rejects a missing required header', () => {
    // Act
    const reason = rejectionReason(() => requireHeader({}, 'x-signature'));

    // Assess
    expect(reason).toBe('missing_header');
  });

  it('keeps only non-empty secrets and rejects when none is left', () => {
    // Act
    const kept = requireSecrets(['', 'a', 'b']);
    const reason = rejectionReason(() => requireSecrets(['']));

    // Assess
    expect(kept).toEqual(['a', 'b']);
    expect(reason).toBe('no_secret');
  });

  it.each(['', '12a', '-5', '1e9', ' 1', '1234567890123'])('rejects %j as unix seconds', (value) => {
    // Act
    const reason = rejectionReason(() => parseUnixSeconds(value, 'x-timestamp'));

    // Assess
    expect(reason).toBe('malformed_header');
  });

  it.each([
    [NOW - 301, 'timestamp_out_of_window'],
    [NOW - 300, null],
    [NOW + 300, null],
    [NOW + 301, 'timestamp_out_of_window'],
  ])('checks the window for timestamp %i', (timestamp, expected) => {
    // Act
    const reason = rejectionReason(() => assertTimestampInWindow(timestamp, NOW));

    // Assess
    expect(reason).toBe(expected);
  });

  it('returns the raw timestamp text the sender signed', () => {
    // Prepare
    const request = makeRequest({ headers: { 'x-timestamp': `0${NOW}` } });

    // Act
    const raw = requireTimestamp(request, 'x-timestamp');

    // Assess
    expect(raw).toBe(`0${NOW}`);
  });

  it('strips a required prefix or rejects the header as malformed', () => {
    // Act
    const stripped = stripPrefix('sha256=abc', 'sha256=', 'x-hub-signature-256');
    const reason = rejectionReason(() => stripPrefix('abc', 'sha256=', 'x-hub-signature-256'));

    // Assess
    expect(stripped).toBe('abc');
    expect(reason).toBe('malformed_header');
  });
});
