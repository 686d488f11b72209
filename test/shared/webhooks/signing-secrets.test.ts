import { describe, expect, it } from 'vitest';
import {
  parseSigningSecrets,
  SigningSecretsParser,
  signingSecretName,
} from '../../../shared/webhooks/signing-secrets.ts';

describe('Module: signing-secrets', () => {
  it('builds names as {prefix}/{tenantId}/webhooks/{provider}', () => {
    expect(signingSecretName('tsunagi/prod', 'acme', 'stripe')).toBe('tsunagi/prod/acme/webhooks/stripe');
  });

  it('reads JSON text and parsed objects alike', () => {
    expect(parseSigningSecrets('n', '{"signingSecrets":["a","b"]}')).toEqual(['a', 'b']);
    expect(parseSigningSecrets('n', { signingSecrets: ['c'] })).toEqual(['c']);
  });

  it.each([
    ['not JSON', 'whsec_plain'],
    ['an empty list', '{"signingSecrets":[]}'],
    ['an empty secret', '{"signingSecrets":[""]}'],
    ['a non-string secret', '{"signingSecrets":[42]}'],
    ['the wrong key', '{"secrets":["a"]}'],
    ['null', null],
  ])('rejects %s, naming the secret but never echoing its value', (_name, value) => {
    // Act
    const error = (() => {
      try {
        parseSigningSecrets('tsunagi/dev/acme/webhooks/github', value);
      } catch (e) {
        return e as Error;
      }
    })();

    // Assess
    expect(error?.message).toContain('tsunagi/dev/acme/webhooks/github');
    expect(error?.message).not.toContain('whsec_plain');
  });
});

describe('Class: SigningSecretsParser', () => {
  it('parses a stored value once and parses again when the value changes', () => {
    // Arrange
    const parser = new SigningSecretsParser();
    const stored = '{"signingSecrets":["current"]}';

    // Act
    const first = parser.parse('n', stored);
    const again = parser.parse('n', stored);
    const rotated = parser.parse('n', '{"signingSecrets":["next","current"]}');

    // Assess
    expect(again).toBe(first);
    expect(rotated).toEqual(['next', 'current']);
    expect(parser.parse('n', stored)).toEqual(['current']);
  });

  it('keeps names apart and forgets the oldest name beyond its bound', () => {
    const parser = new SigningSecretsParser(2);
    const a = parser.parse('a', '{"signingSecrets":["x"]}');
    parser.parse('b', '{"signingSecrets":["x"]}');
    expect(parser.parse('a', '{"signingSecrets":["x"]}')).toBe(a);
    parser.parse('c', '{"signingSecrets":["x"]}');
    // `a` was the oldest entry when `c` arrived: it is parsed afresh.
    expect(parser.parse('a', '{"signingSecrets":["x"]}')).not.toBe(a);
  });

  it('remembers no failure: a bad value throws every time, and a fixed one then parses', () => {
    const parser = new SigningSecretsParser();
    expect(() => parser.parse('n', 'not json')).toThrow('n');
    expect(() => parser.parse('n', 'not json')).toThrow('n');
    expect(parser.parse('n', '{"signingSecrets":["ok"]}')).toEqual(['ok']);
  });
});
