import { describe, expect, it } from 'vitest';
import { principalOfClaims } from '../../../shared/console/principal.ts';
import { canonicalJson } from '../../../shared/console/tokens.ts';

describe('Function: principalOfClaims', () => {
  it('makes an operator of the operator group and a viewer of the viewer group', () => {
    // Act
    const operator = principalOfClaims({ sub: 's1', email: 'o@x.example', 'cognito:groups': ['operator'] });
    const viewer = principalOfClaims({ sub: 's2', 'cognito:username': 'v', 'cognito:groups': ['viewer'] });

    // Assess
    expect(operator).toEqual({ id: 's1', name: 'o@x.example', role: 'operator', tenant: null });
    expect(viewer).toEqual({ id: 's2', name: 'v', role: 'viewer', tenant: null });
  });

  it('scopes a user with a tenant claim to that tenant', () => {
    // Act
    const scoped = principalOfClaims({ sub: 's', 'cognito:groups': ['viewer'], 'custom:tenant': 'acme' });

    // Assess
    expect(scoped?.tenant).toBe('acme');
  });

  it.each([
    ['no group', { sub: 's' }],
    ['another group', { sub: 's', 'cognito:groups': ['admins'] }],
    ['a malformed tenant claim', { sub: 's', 'cognito:groups': ['operator'], 'custom:tenant': '../Acme' }],
    ['no subject', { 'cognito:groups': ['operator'] }],
    ['no claims at all', null],
  ])('refuses a token with %s (fail closed)', (_name, claims) => {
    // Assess
    expect(principalOfClaims(claims)).toBeNull();
  });
});

describe('Function: canonicalJson', () => {
  it('gives the same text whatever the key order, without undefined fields', () => {
    // Assess
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: undefined }] })).toBe(canonicalJson({ a: [{ d: 2 }], b: 1 }));
  });
});
