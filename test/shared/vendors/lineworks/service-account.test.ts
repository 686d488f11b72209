import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  SERVICE_ACCOUNT_JWT_LIFETIME_S,
  serviceAccountAssertion,
} from '../../../../shared/vendors/lineworks/index.ts';

const decode = (part: string | undefined) =>
  JSON.parse(Buffer.from(part ?? '', 'base64url').toString('utf8'));

describe('Function: serviceAccountAssertion', () => {
  it('signs an RS256 JWT that verifies with the public key and carries iss, sub, iat and exp', () => {
    // Prepare
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const now = Date.UTC(2025, 0, 1, 6, 0, 0);

    // Act
    const jwt = serviceAccountAssertion({
      clientId: 'client-1',
      serviceAccount: 'abc.serviceaccount@acme.example.com',
      privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      now,
    });

    // Assess
    const [header, payload, signature] = jwt.split('.');
    const signed = Buffer.from(`${header}.${payload}`);
    expect(verify('sha256', signed, publicKey, Buffer.from(signature ?? '', 'base64url'))).toBe(true);
    expect(decode(header)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(decode(payload)).toEqual({
      iss: 'client-1',
      sub: 'abc.serviceaccount@acme.example.com',
      iat: now / 1000,
      exp: now / 1000 + SERVICE_ACCOUNT_JWT_LIFETIME_S,
    });
  });
});
