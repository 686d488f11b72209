import type { SecretStore } from '../kernel/secret-store.ts';
import type { ApplyResult } from '../tenants/apply-result.ts';
import type { TenantCatalog, TenantDirectory, TenantWriter } from '../tenants/ports.ts';
import type { Route, TenantProfile } from '../tenants/tenant-file.ts';
import { parseTenantFileText } from '../tenants/validate-tenant-file.ts';
import { NotFoundError } from './errors.ts';
import type { OpsTarget } from './ports.ts';
import { checkTenantSecrets, type SecretCheckResult } from './tenant-secrets-check.ts';

// `tenants apply | list | show`: the operators' view of the tenant master data.

export interface TenantReadPorts {
  readonly target: OpsTarget;
  readonly directory: TenantDirectory & TenantCatalog;
}

export interface TenantListOutput {
  readonly target: string;
  readonly tenants: readonly (TenantProfile & { readonly routes: number })[];
}

/** Every tenant with its status and how many routes it has. */
export const listTenants = async (ports: TenantReadPorts): Promise<TenantListOutput> => {
  const tenants = await ports.directory.listTenants();
  const rows = await Promise.all(
    tenants.map(async (tenant) => ({
      ...tenant,
      routes: (await ports.directory.getRoutes(tenant.tenant_id)).length,
    })),
  );
  return { target: ports.target.label, tenants: rows };
};

export interface TenantShowOutput {
  readonly target: string;
  readonly tenant: TenantProfile;
  readonly routes: readonly Route[];
}

/** One tenant with its routes; throws `NotFoundError` for a tenant the directory does not have. */
export const showTenant = async (
  ports: TenantReadPorts,
  input: { readonly tenantId: string },
): Promise<TenantShowOutput> => {
  const tenant = await ports.directory.getTenant(input.tenantId);
  if (!tenant) throw new NotFoundError(`no tenant "${input.tenantId}" in ${ports.target.label}`);
  return { target: ports.target.label, tenant, routes: await ports.directory.getRoutes(input.tenantId) };
};

export interface TenantApplyPorts {
  readonly target: OpsTarget;
  readonly writer: TenantWriter;
  /**
   * The target's secret prefix (`tsunagi/<stage>`): a file whose routes or integrations name a secret outside
   * `<prefix>/<tenantId>/` is refused, with the rest of its problems.
   */
  readonly secretPrefix: string;
  /** Where the named secrets are looked up, so the plan can warn about missing or unusable ones. */
  readonly secrets?: Pick<SecretStore, 'read'>;
}

export interface TenantApplyInput {
  /** The tenant file's JSON text; validated before anything is read or written (every problem listed). */
  readonly fileText: string;
}

export type TenantApplyOutput = { readonly target: string } & ApplyResult & {
    /** The plan's check of the secrets the file names (when a secret store was given). */
    readonly secretCheck?: SecretCheckResult;
  };

/** True when applying would create, update or delete anything. */
export const hasChanges = (result: ApplyResult): boolean =>
  result.created + result.updated + result.deleted > 0;

/** What applying the file would change; writes nothing. Throws `TenantFileValidationError` for a bad file. */
export const planTenantApply = async (
  ports: TenantApplyPorts,
  input: TenantApplyInput,
): Promise<TenantApplyOutput> => {
  const file = parseTenantFileText(input.fileText, { secretPrefix: ports.secretPrefix });
  const result = await ports.writer.apply(file.tenants, { dryRun: true });
  const secretCheck = ports.secrets && (await checkTenantSecrets(ports.secrets, file, ports.secretPrefix));
  return { target: ports.target.label, ...result, ...(secretCheck ? { secretCheck } : {}) };
};

/** Makes each tenant of the file exactly as declared; tenants it does not name are left alone. */
export const applyTenants = async (
  ports: TenantApplyPorts,
  input: TenantApplyInput,
): Promise<TenantApplyOutput> => {
  const file = parseTenantFileText(input.fileText, { secretPrefix: ports.secretPrefix });
  return { target: ports.target.label, ...(await ports.writer.apply(file.tenants, { dryRun: false })) };
};
