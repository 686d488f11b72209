import { describe, expect, it } from 'vitest';
import { normaliseHeaders } from '../../../shared/webhooks/inbound-request.ts';

describe('Function: normaliseHeaders', () => {
  it('uses headers that are already lower-case as they are', () => {
    const headers = { 'content-type': 'application/json', 'x-signature': 'abc' };
    expect(normaliseHeaders(headers)).toBe(headers);
  });

  it('lower-cases names and joins values of names that differ only in case', () => {
    expect(normaliseHeaders({ 'Content-Type': 'application/json', 'X-Tag': 'a', 'x-tag': 'b' })).toEqual({
      'content-type': 'application/json',
      'x-tag': 'a,b',
    });
  });

  it('drops names without a value, even when every name is lower-case', () => {
    expect(normaliseHeaders({ 'x-a': '1', 'x-b': undefined })).toEqual({ 'x-a': '1' });
    expect(normaliseHeaders(undefined)).toEqual({});
  });
});
