/**
 * Secret names as tenants' configuration uses them. A tenant file names secrets freely (a Secrets Manager name or
 * ARN), so every secret a tenant's routes or integrations name must lie inside that tenant's namespace,
 * `{prefix}/{tenantId}/…`: otherwise one tenant's route could sign with, or post through, another tenant's
 * credentials (or the platform's own). The check compares whole path segments, so `acme` never covers `acme-b`.
 * The apply step refuses such a file, and the delivery worker checks again before it reads a secret.
 */

/** The secret's name, from a name or an ARN (`arn:…:secret:<name>-<suffix>`); the suffix is kept, harmlessly. */
export const secretNameOf = (reference: string): string => {
  const marker = reference.startsWith('arn:') ? reference.indexOf(':secret:') : -1;
  return marker === -1 ? reference : reference.slice(marker + ':secret:'.length);
};

/** `{prefix}/{tenantId}/`: where a tenant's secrets live, for messages. */
export const tenantSecretNamespace = (prefix: string, tenantId: string): string =>
  `${prefix.replace(/\/+$/, '')}/${tenantId}/`;

const segmentsOf = (path: string): string[] => path.split('/');

/**
 * Whether `reference` (a name or an ARN) names a secret inside `{prefix}/{tenantId}/`, compared segment by
 * segment: the prefix's segments and the tenant id must be exactly the first ones, and at least one non-empty
 * segment must follow (the namespace itself, or `…/acme//x`, is no secret of the tenant's).
 */
export const isInTenantNamespace = (reference: string, prefix: string, tenantId: string): boolean => {
  if (tenantId === '' || tenantId.includes('/')) return false;
  const expected = [...segmentsOf(prefix.replace(/\/+$/, '')), tenantId];
  const actual = segmentsOf(secretNameOf(reference));
  if (actual.length <= expected.length) return false;
  if (expected.some((segment, i) => actual[i] !== segment)) return false;
  return actual.slice(expected.length).every((segment) => segment !== '');
};
