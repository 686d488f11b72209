import { describe, expect, it } from 'vitest';
import {
  isInTenantNamespace,
  secretNameOf,
  tenantSecretNamespace,
} from '../../../shared/kernel/secret-names.ts';

describe('Function: isInTenantNamespace', () => {
  it.each([
    ['tsunagi/prod/acme/routes/orders', true],
    ['tsunagi/prod/acme/integrations/slack', true],
    [
      'arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tsunagi/prod/acme/routes/orders-AbCdEf',
      true,
    ],
    // Another tenant whose id begins with this one's: whole segments, not a string prefix.
    ['tsunagi/prod/acme-b/routes/orders', false],
    ['tsunagi/prod/acmex', false],
    ['tsunagi/prod/acme', false],
    ['tsunagi/prod/acme/', false],
    ['tsunagi/prod/acme//routes', false],
    ['tsunagi/prodx/acme/routes/orders', false],
    ['tsunagi/dev/acme/routes/orders', false],
    ['tsunagi/prod/delivery/secondary-email-api-key', false],
    ['arn:aws:secretsmanager:ap-northeast-1:123456789012:secret:tsunagi/prod/acme-b/x-AbCdEf', false],
  ])('%s → %s for acme in tsunagi/prod', (reference, expected) => {
    expect(isInTenantNamespace(reference, 'tsunagi/prod', 'acme')).toBe(expected);
  });

  it('ignores a trailing slash on the prefix and refuses a tenant id with a slash', () => {
    expect(isInTenantNamespace('tsunagi/local/acme/routes/r', 'tsunagi/local/', 'acme')).toBe(true);
    expect(isInTenantNamespace('tsunagi/local/acme/b/routes/r', 'tsunagi/local', 'acme/b')).toBe(false);
    expect(isInTenantNamespace('tsunagi/local/x', 'tsunagi/local', '')).toBe(false);
  });

  it('names the namespace and reads names out of ARNs', () => {
    expect(tenantSecretNamespace('tsunagi/prod', 'acme')).toBe('tsunagi/prod/acme/');
    expect(secretNameOf('arn:aws:secretsmanager:r:1:secret:a/b-XyZ123')).toBe('a/b-XyZ123');
    expect(secretNameOf('a/b')).toBe('a/b');
  });
});
