import { createSign, generateKeyPairSync } from 'node:crypto';
import { CognitoJwtVerifier } from 'aws-jwt-verify';
import { describe, expect, it } from 'vitest';
import { bearerAuthenticator } from '../../../shared/console/principal.ts';

// The console API's sign-in check as the Lambda builds it: aws-jwt-verify's Cognito verifier, fed a JWKS
// made here (instead of downloading the pool's), with ID tokens signed by its key.
const POOL = 'ap-northeast-1_Test1234';
const CLIENT = 'consoleclient123';
const ISSUER = `https://cognito-idp.ap-northeast-1.amazonaws.com/${POOL}`;
const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'k1', alg: 'RS256', use: 'sig' };

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const sign = (claims: Record<string, unknown>, key = privateKey): string => {
  const head = `${b64({ alg: 'RS256', kid: 'k1', typ: 'JWT' })}.${b64(claims)}`;
  return `${head}.${createSign('RSA-SHA256').update(head).sign(key).toString('base64url')}`;
};
const now = () => Math.floor(Date.now() / 1000);
const idToken = (extra: Record<string, unknown> = {}) => ({
  sub: 'u-1',
  email: 'olga@example.com',
  iss: ISSUER,
  aud: CLIENT,
  token_use: 'id',
  iat: now(),
  exp: now() + 3600,
  'cognito:groups': ['operator'],
  ...extra,
});

const verifier = CognitoJwtVerifier.create({ userPoolId: POOL, clientId: CLIENT, tokenUse: 'id' });
verifier.cacheJwks({ keys: [jwk as never] });
const authenticate = bearerAuthenticator((token) => verifier.verify(token));

describe('Function: bearerAuthenticator with aws-jwt-verify', () => {
  it('accepts a valid ID token of the pool and reads the role and tenant', async () => {
    // Act
    const principal = await authenticate(`Bearer ${sign(idToken({ 'custom:tenant': 'acme' }))}`);

    // Assess
    expect(principal).toEqual({ id: 'u-1', name: 'olga@example.com', role: 'operator', tenant: 'acme' });
  });

  it.each([
    ['no header', undefined],
    ['another scheme', `Basic ${Buffer.from('a:b').toString('base64')}`],
    ['an expired token', `Bearer ${sign(idToken({ exp: now() - 10 }))}`],
    ['another app client', `Bearer ${sign(idToken({ aud: 'otherclient' }))}`],
    ['another pool', `Bearer ${sign(idToken({ iss: `${ISSUER}x` }))}`],
    ['an access token', `Bearer ${sign(idToken({ token_use: 'access' }))}`],
    [
      'another key',
      `Bearer ${sign(idToken(), generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)}`,
    ],
    ['a user in no console group', `Bearer ${sign(idToken({ 'cognito:groups': ['staff'] }))}`],
  ])('refuses %s', async (_name, header) => {
    // Assess
    expect(await authenticate(header)).toBeNull();
  });

  it('refuses a token whose claims were changed after signing', async () => {
    // Prepare
    const [head, , signature] = sign(idToken({ 'cognito:groups': ['viewer'] })).split('.');
    const forged = `${head}.${b64(idToken({ 'cognito:groups': ['operator'] }))}.${signature}`;

    // Assess
    expect(await authenticate(`Bearer ${forged}`)).toBeNull();
  });
});
