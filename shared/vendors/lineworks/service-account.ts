import { type KeyObject, sign } from 'node:crypto';

/** How long a service-account assertion is valid by default: it is spent on one token call. */
export const SERVICE_ACCOUNT_JWT_LIFETIME_S = 600;

/** The claims LINE WORKS reads from a service-account assertion. */
export interface ServiceAccountClaims {
  /** The app's client id. */
  readonly iss: string;
  /** The service account (`xxxxx.serviceaccount@domain`). */
  readonly sub: string;
  /** Issued at, epoch seconds. */
  readonly iat: number;
  /** Expiry, epoch seconds. */
  readonly exp: number;
}

const encodePart = (part: object): string => Buffer.from(JSON.stringify(part), 'utf8').toString('base64url');

/** A compact JWS (RFC 7515) signed with RS256: RSASSA-PKCS1-v1_5 over SHA-256, as `node:crypto` does it. */
export const signRs256Jwt = (claims: object, privateKey: string | KeyObject): string => {
  const signingInput = `${encodePart({ alg: 'RS256', typ: 'JWT' })}.${encodePart(claims)}`;
  const signature = sign('sha256', Buffer.from(signingInput, 'utf8'), privateKey);
  return `${signingInput}.${signature.toString('base64url')}`;
};

/** What a service-account assertion is made from. */
export interface ServiceAccountAssertionInput {
  readonly clientId: string;
  readonly serviceAccount: string;
  /** PKCS#8 PEM, as the LINE WORKS Developer Console issues it. */
  readonly privateKey: string | KeyObject;
  /** Epoch ms. */
  readonly now: number;
  /** Seconds until `exp`; LINE WORKS accepts at most an hour. */
  readonly lifetimeS?: number;
}

/**
 * The LINE WORKS service-account JWT (RFC 7523 bearer assertion): `iss` client id, `sub` service account. Throws
 * when the key cannot sign (not an RSA private key).
 */
export const serviceAccountAssertion = (input: ServiceAccountAssertionInput): string => {
  const iat = Math.floor(input.now / 1000);
  const claims: ServiceAccountClaims = {
    iss: input.clientId,
    sub: input.serviceAccount,
    iat,
    exp: iat + (input.lifetimeS ?? SERVICE_ACCOUNT_JWT_LIFETIME_S),
  };
  return signRs256Jwt(claims, input.privateKey);
};
