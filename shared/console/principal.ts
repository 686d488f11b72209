import * as z from 'zod';

/**
 * Who calls the console API: an operator (may change things) or a viewer (reads only), optionally scoped to
 * one tenant. In AWS this comes from the verified Cognito token; in local mode it is the person at the
 * keyboard (an operator of every tenant).
 */

export const ROLES = ['operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  /** Stable id (Cognito `sub`, or `local`). */
  readonly id: string;
  /** What the audit trail shows: an e-mail address or user name. */
  readonly name: string;
  readonly role: Role;
  /** Set: the caller sees and acts on this tenant's data only. */
  readonly tenant: string | null;
}

/** The claims of a Cognito ID token that the console reads. */
export const ConsoleClaimsSchema = z.object({
  sub: z.string().min(1),
  email: z.string().optional(),
  'cognito:username': z.string().optional(),
  'cognito:groups': z.array(z.string()).optional(),
  'custom:tenant': z.string().optional(),
});

const TENANT_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The principal of verified token claims: `operator` only for members of the `operator` group, `viewer` for
 * members of `viewer`, nobody else (fail closed); a malformed tenant claim refuses the caller altogether.
 */
export const principalOfClaims = (claims: unknown): Principal | null => {
  const parsed = ConsoleClaimsSchema.safeParse(claims);
  if (!parsed.success) return null;
  const groups = parsed.data['cognito:groups'] ?? [];
  const role: Role | null = groups.includes('operator')
    ? 'operator'
    : groups.includes('viewer')
      ? 'viewer'
      : null;
  if (!role) return null;
  const tenant = parsed.data['custom:tenant'];
  if (tenant !== undefined && tenant !== '' && !TENANT_ID.test(tenant)) return null;
  return {
    id: parsed.data.sub,
    name: parsed.data.email ?? parsed.data['cognito:username'] ?? parsed.data.sub,
    role,
    tenant: tenant === undefined || tenant === '' ? null : tenant,
  };
};

/** True when the principal may see data of `tenantId` (null: data of no single tenant, e.g. an unknown one). */
export const maySee = (principal: Principal, tenantId: string | null): boolean =>
  principal.tenant === null || principal.tenant === tenantId;

/** What the audit trail records as the acting person. */
export const auditName = (principal: Principal): string =>
  `${principal.name} (console${principal.tenant ? `, tenant ${principal.tenant}` : ''}, ${principal.id})`;

/**
 * Who a request's `Authorization: Bearer <JWT>` names, after `verify` checked the token's signature, issuer,
 * audience and expiry (aws-jwt-verify in the Lambda); null for no token, a bad one, or a person with no role.
 */
export const bearerAuthenticator =
  (verify: (token: string) => Promise<unknown>) =>
  async (authorization: string | undefined): Promise<Principal | null> => {
    const token = /^Bearer ([\w-]+\.[\w-]+\.[\w-]+)$/.exec(authorization ?? '')?.[1];
    if (!token) return null;
    try {
      return principalOfClaims(await verify(token));
    } catch {
      return null;
    }
  };
