import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  describeChange,
  fingerprint,
  generateSigningSecret,
  normalizeSecretInput,
  planPut,
  planRetire,
  planRotate,
  SecretPlanError,
} from '../../../../shared/ops/secrets/signing-secret-list.ts';
import { PROVIDER_IDS } from '../../../../shared/webhooks/provider-ids.ts';

describe('ops secrets: pure rules', () => {
  it('fingerprints a secret as the first 8 hex of its SHA-256', () => {
    expect(fingerprint('s3cret')).toBe(createHash('sha256').update('s3cret').digest('hex').slice(0, 8));
    expect(fingerprint('s3cret')).toMatch(/^[0-9a-f]{8}$/);
  });

  it('puts a first secret and refuses when one exists, suggesting rotate', () => {
    expect(planPut(null, 'a')).toMatchObject({ after: ['a'], before: [], dropped: [] });
    expect(() => planPut(['x'], 'a')).toThrow(/secrets rotate/);
  });

  it('rotates: the new secret goes in front, previous ones stay valid', () => {
    const plan = planRotate(['b', 'c'], 'a');
    expect(plan.after).toEqual(['a', 'b', 'c']);
    expect(plan.dropped).toEqual([]);
    expect(plan.warnings).toEqual([]);
  });

  it('rotates beyond the cap by dropping the oldest, with a warning naming its fingerprint', () => {
    const plan = planRotate(['b', 'c', 'd'], 'a', 3);
    expect(plan.after).toEqual(['a', 'b', 'c']);
    expect(plan.dropped).toEqual(['d']);
    expect(plan.warnings.join()).toContain(fingerprint('d'));
    expect(plan.warnings.join()).not.toContain('d,');
  });

  it('refuses to rotate a missing secret, a secret already listed, or with a cap below 2', () => {
    expect(() => planRotate(null, 'a')).toThrow(/secrets put/);
    expect(() => planRotate(['a', 'b'], 'b')).toThrow(SecretPlanError);
    expect(() => planRotate(['a'], 'b', 1)).toThrow(SecretPlanError);
  });

  it('retires every secret but the current one, and refuses when only one is listed', () => {
    expect(planRetire(['a', 'b', 'c'])).toMatchObject({ after: ['a'], dropped: ['b', 'c'] });
    expect(() => planRetire(['a'])).toThrow(/nothing to retire/);
    expect(() => planRetire(null)).toThrow(SecretPlanError);
  });

  it('describes a change with counts and fingerprints only', () => {
    const described = describeChange(planRotate(['old-secret-value'], 'new-secret-value'));
    expect(described).toEqual({
      action: 'rotate',
      before: { count: 1, fingerprints: [fingerprint('old-secret-value')] },
      after: { count: 2, fingerprints: [fingerprint('new-secret-value'), fingerprint('old-secret-value')] },
      dropped: [],
      warnings: [],
    });
    expect(JSON.stringify(described)).not.toContain('secret-value');
  });

  it('generates per provider format', () => {
    const fixed = (size: number) => Buffer.alloc(size, 0xab);
    expect(generateSigningSecret('standard', fixed)).toBe(
      `whsec_${Buffer.alloc(32, 0xab).toString('base64')}`,
    );
    expect(generateSigningSecret('generic', fixed)).toBe('ab'.repeat(32));
    expect(generateSigningSecret('github', fixed)).toBe('ab'.repeat(32));
    const clientState = generateSigningSecret('msgraph', fixed);
    expect(clientState.length).toBeLessThanOrEqual(128);
    expect(clientState).toMatch(/^[A-Za-z0-9_-]+$/);
    // Real randomness: two generations differ.
    expect(generateSigningSecret('generic')).not.toBe(generateSigningSecret('generic'));
    expect(generateSigningSecret('standard')).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
  });

  it.each(['stripe', 'slack', 'shopify', 'line', 'lineworks', 'twilio'] as const)(
    'refuses to generate for %s, which issues its own secret',
    (provider) => {
      expect(() => generateSigningSecret(provider)).toThrow(/--from-stdin/);
    },
  );

  it('generates or refuses for every provider id (no provider forgotten)', () => {
    for (const provider of PROVIDER_IDS) {
      try {
        expect(generateSigningSecret(provider).length).toBeGreaterThanOrEqual(32);
      } catch (error) {
        expect(error).toBeInstanceOf(SecretPlanError);
      }
    }
  });

  it('normalizes stdin input: trims, refuses empty, several values and wrong prefixes, never echoing it', () => {
    expect(normalizeSecretInput('generic', '  abc\n')).toBe('abc');
    expect(() => normalizeSecretInput('generic', '\n')).toThrow(/empty/);
    expect(() => normalizeSecretInput('generic', 'abc\ndef')).toThrow(/exactly one/);
    expect(() => normalizeSecretInput('stripe', 'sk_live_nope')).toThrow(/whsec_/);
    expect(() => normalizeSecretInput('stripe', 'sk_live_nope')).not.toThrow(/sk_live_nope/);
    expect(() => normalizeSecretInput('msgraph', 'x'.repeat(129))).toThrow(/128/);
    expect(normalizeSecretInput('standard', 'whsec_abc')).toBe('whsec_abc');
  });
});
