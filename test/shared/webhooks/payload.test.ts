import { describe, expect, it } from 'vitest';
import { MalformedPayloadError } from '../../../shared/webhooks/errors.ts';
import {
  isFormContentType,
  isFormRequest,
  joinDistinct,
  parseForm,
  parseJsonObject,
  tryParseJsonObject,
} from '../../../shared/webhooks/payload.ts';

describe('Module: payload', () => {
  it.each([
    ['application/x-www-form-urlencoded', true],
    ['Application/X-WWW-Form-Urlencoded; charset=utf-8', true],
    ['application/json', false],
    [undefined, false],
  ])('recognises %s as form-encoded: %s', (contentType, expected) => {
    // Assess
    expect(isFormContentType(contentType)).toBe(expected);
  });

  it('reads the content type from the lower-case header', () => {
    // Assess
    expect(isFormRequest({ 'content-type': 'application/x-www-form-urlencoded' })).toBe(true);
    expect(isFormRequest({})).toBe(false);
  });

  it('parses a JSON object from UTF-8 bytes', () => {
    // Assess
    expect(parseJsonObject(Buffer.from('{"a":"é"}'))).toEqual({ a: 'é' });
  });

  it.each([
    ['bytes that are not UTF-8', Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])],
    ['text that is not JSON', Buffer.from('{')],
    ['a JSON array', Buffer.from('[]')],
    ['JSON null', Buffer.from('null')],
  ])('rejects %s as a JSON object', (_label, body) => {
    // Act
    const act = () => parseJsonObject(body);

    // Assess
    expect(act).toThrow(MalformedPayloadError);
    expect(tryParseJsonObject(body)).toBeNull();
  });

  it('decodes a plus in a form value as a space', () => {
    // Assess
    expect(parseForm(Buffer.from('text=a+b%2Bc')).get('text')).toBe('a b+c');
  });

  it('joins distinct values in first-seen order and returns null for none', () => {
    // Assess
    expect(joinDistinct(['b', null, 'a', 'b'])).toBe('b,a');
    expect(joinDistinct([null])).toBeNull();
  });
});
