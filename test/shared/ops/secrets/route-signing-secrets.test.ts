import { describe, expect, it } from 'vitest';
import {
  assertRouteSecret,
  canSignDeliveries,
  parseStoredRouteSecrets,
} from '../../../../shared/ops/secrets/route-signing-secrets.ts';
import { generateSigningSecret } from '../../../../shared/ops/secrets/signing-secret-list.ts';

describe('Module: route-signing-secrets', () => {
  it('accepts a generated Standard Webhooks secret and refuses others', () => {
    const secret = generateSigningSecret('standard');
    expect(canSignDeliveries(secret)).toBe(true);
    expect(assertRouteSecret(secret)).toBe(secret);
    expect(() => assertRouteSecret('plain-text')).toThrow(/whsec_/);
  });

  it('reads the list written by ops secrets and the hand-written forms', () => {
    expect(parseStoredRouteSecrets('n', '{"signingSecrets":["whsec_a","whsec_b"]}')).toEqual([
      'whsec_a',
      'whsec_b',
    ]);
    expect(parseStoredRouteSecrets('n', 'whsec_a')).toEqual(['whsec_a']);
    expect(parseStoredRouteSecrets('n', { signingSecret: 'whsec_c' })).toEqual(['whsec_c']);
  });
});
