import { isInTenantNamespace, tenantSecretNamespace } from '../kernel/secret-names.ts';
import { TENANT_ID_PATTERN } from '../webhooks/provider-ids.ts';

/**
 * The secret namespace of the stage a tenant file is applied to: every secret a tenant's routes and
 * integrations name must lie under `{secretPrefix}/{tenantId}/`, compared by whole path segments (see
 * kernel/secret-names.ts). Runs on the raw input, like the file's other cross-checks, so these problems are
 * reported together with the rest of the file's.
 */

type Path = readonly (string | number)[];

export interface NamespaceIssue {
  readonly path: Path;
  readonly message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const items = (value: unknown): [Record<string, unknown>, number][] =>
  Array.isArray(value) ? value.flatMap((item, i) => (isRecord(item) ? [[item, i] as const] : [])) : [];

const outside = (namespace: string, example: string): string =>
  `names a secret outside ${namespace}: a tenant's routes and integrations may only use its own secrets ` +
  `(e.g. ${namespace}${example})`;

/** Each secret reference of the file that lies outside its tenant's namespace, with its path. */
export const secretNamespaceIssues = (input: unknown, secretPrefix: string): NamespaceIssue[] => {
  if (!isRecord(input)) return [];
  const issues: NamespaceIssue[] = [];
  for (const [tenant, t] of items(input.tenants)) {
    const tenantId = tenant.tenant_id;
    // A missing or malformed tenant id is the schema's problem; no namespace can be derived from it.
    if (typeof tenantId !== 'string' || !TENANT_ID_PATTERN.test(tenantId)) continue;
    const namespace = tenantSecretNamespace(secretPrefix, tenantId);
    const check = (reference: unknown, path: Path, example: string) => {
      if (typeof reference === 'string' && !isInTenantNamespace(reference, secretPrefix, tenantId)) {
        issues.push({ path, message: outside(namespace, example) });
      }
    };
    for (const [integration, i] of items(tenant.integrations)) {
      check(
        integration.credentials_secret_arn_or_name,
        ['tenants', t, 'integrations', i, 'credentials_secret_arn_or_name'],
        'integrations/<system>',
      );
    }
    for (const [route, r] of items(tenant.routes)) {
      const destination = route.destination;
      if (!isRecord(destination)) continue;
      check(
        destination.signing_secret_name,
        ['tenants', t, 'routes', r, 'destination', 'signing_secret_name'],
        `routes/${typeof route.route_id === 'string' ? route.route_id : '<route id>'}`,
      );
    }
  }
  return issues;
};
