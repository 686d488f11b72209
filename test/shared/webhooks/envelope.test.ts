import { describe, expect, it } from 'vitest';
import { decodeInlineBody, ENVELOPE_VERSION, encodeInlineBody } from '../../../shared/webhooks/envelope.ts';
import { ENVELOPE_VERSION as SCHEMA_VERSION } from '../../../shared/webhooks/envelope-schema.ts';

describe('Module: envelope', () => {
  it('keeps the receiver-side version equal to the schema version', () => {
    expect(ENVELOPE_VERSION).toBe(SCHEMA_VERSION);
  });

  it('keeps valid UTF-8 readable and round-trips it', () => {
    // Prepare
    const bytes = Buffer.from('{"name":"つなぎ"}');

    // Act
    const body = encodeInlineBody(bytes);

    // Assess
    expect(body).toEqual({ encoding: 'utf8', data: '{"name":"つなぎ"}' });
    expect(decodeInlineBody(body).equals(bytes)).toBe(true);
  });

  it('falls back to base64 for bytes that are not UTF-8, byte-exactly', () => {
    // Prepare
    const bytes = Buffer.from([0xc3, 0x28, 0x00, 0xff]);

    // Act
    const body = encodeInlineBody(bytes);

    // Assess
    expect(body.encoding).toBe('base64');
    expect(decodeInlineBody(body).equals(bytes)).toBe(true);
  });

  it('uses the text the bytes came from as it is when it is well formed', () => {
    // Prepare
    const text = '{"name":"つなぎ","emoji":"🔗"}';
    const bytes = Buffer.from(text, 'utf8');

    // Act
    const body = encodeInlineBody(bytes, text);

    // Assess
    expect(body).toEqual({ encoding: 'utf8', data: text });
    expect(body.data).toBe(text);
    expect(decodeInlineBody(body).equals(bytes)).toBe(true);
  });

  it('decodes the bytes afresh when the text has a lone surrogate, so the envelope matches what was signed', () => {
    // Prepare: encoding turns the lone surrogate into U+FFFD, so the bytes are not the text's
    const text = '{"note":"a\ud800b"}';
    const bytes = Buffer.from(text, 'utf8');

    // Act
    const body = encodeInlineBody(bytes, text);

    // Assess
    expect(body).toEqual({ encoding: 'utf8', data: '{"note":"a\ufffdb"}' });
    expect(decodeInlineBody(body).equals(bytes)).toBe(true);
  });
});
