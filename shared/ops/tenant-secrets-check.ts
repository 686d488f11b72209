import { describeError } from '../kernel/errors.ts';
import type { SecretStore } from '../kernel/secret-store.ts';
import type { TenantFile } from '../tenants/tenant-file.ts';
import { checkIntegrationCredentials } from './secrets/integration-credentials.ts';
import { canSignDeliveries, parseStoredRouteSecrets } from './secrets/route-signing-secrets.ts';
import { conventionalSecretName, type SecretTarget } from './secrets/secret-targets.ts';

/**
 * What `tenants apply` checks of the secrets a file names, beside the file itself: each http route's signing
 * secret and each integration's credentials must exist and be usable, or its deliveries (and the daily sync)
 * will fail. A warning, never a refusal: an operator may apply first and create the secrets next, and the
 * secret namespace is enforced by the file's validation already.
 */

export interface SecretWarning {
  readonly tenantId: string;
  /** What needs the secret: a route or an integration. */
  readonly target: SecretTarget;
  readonly name: string;
  readonly problem: 'missing' | 'unusable';
  readonly detail: string;
  /** The secret has the name `ops secrets` gives it by convention (so no `--name` is needed to create it). */
  readonly conventional: boolean;
}

export interface SecretCheckResult {
  readonly warnings: readonly SecretWarning[];
  /** Set when the store could not be read at all; no secret was checked then. */
  readonly unchecked: string | null;
}

interface Needed {
  readonly tenantId: string;
  readonly target: SecretTarget;
  readonly name: string;
}

const neededSecrets = (file: TenantFile): Needed[] =>
  file.tenants.flatMap((tenant) => [
    ...tenant.routes.flatMap((route) =>
      route.destination.type === 'http'
        ? [
            {
              tenantId: tenant.tenant_id,
              target: { kind: 'route', routeId: route.route_id } as const,
              name: route.destination.signing_secret_name,
            },
          ]
        : [],
    ),
    ...tenant.integrations.map((integration) => ({
      tenantId: tenant.tenant_id,
      target: { kind: 'integration', system: integration.system } as const,
      name: integration.credentials_secret_arn_or_name,
    })),
  ]);

const usability = (needed: Needed, value: string): string | null => {
  if (needed.target.kind === 'integration') {
    const { problems } = checkIntegrationCredentials(needed.target.system, value);
    return problems.length > 0 ? problems.join('; ') : null;
  }
  try {
    const secrets = parseStoredRouteSecrets(needed.name, value);
    return secrets.every(canSignDeliveries) ? null : 'holds a secret that is not a Standard Webhooks secret';
  } catch (error) {
    return describeError(error);
  }
};

/** Each named secret that is missing or unusable; reads only, in file order. */
export const checkTenantSecrets = async (
  store: Pick<SecretStore, 'read'>,
  file: TenantFile,
  secretPrefix: string,
): Promise<SecretCheckResult> => {
  const warnings: SecretWarning[] = [];
  for (const needed of neededSecrets(file)) {
    let stored: Awaited<ReturnType<SecretStore['read']>>;
    try {
      stored = await store.read(needed.name);
    } catch (error) {
      return { warnings, unchecked: describeError(error) };
    }
    const conventional = conventionalSecretName(secretPrefix, needed.tenantId, needed.target) === needed.name;
    const base = { ...needed, conventional };
    if (stored === null) {
      warnings.push({ ...base, problem: 'missing', detail: 'does not exist yet' });
      continue;
    }
    const problem = usability(needed, stored.value);
    if (problem !== null) warnings.push({ ...base, problem: 'unusable', detail: problem });
  }
  return { warnings, unchecked: null };
};
