import { describe, expect, it } from 'vitest';
import { parseSigningSecrets, signingSecretName } from '../../../shared/webhooks/signing-secrets.ts';

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
