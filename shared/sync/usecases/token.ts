import { isInTenantNamespace, tenantSecretNamespace } from '../../kernel/secret-names.ts';
import { AuthRevokedError } from '../connectors/errors.ts';
import type { SyncItem } from '../workflow/contract.ts';
import { CredentialConflictError, IntegrationMissingError } from './errors.ts';
import type { AccessToken, VendorAuth } from './ports.ts';
import type { SyncStepDeps } from './step-deps.ts';

/** The integration's credential secret, refused when it lies outside the tenant's own namespace. */
const credentialSecretName = async (item: SyncItem, deps: SyncStepDeps): Promise<string> => {
  const tenant = await deps.tenants.getTenant(item.tenant_id);
  const integration = tenant?.integrations.find((candidate) => candidate.system === item.system_type);
  if (integration === undefined) {
    throw new IntegrationMissingError(`tenant ${item.tenant_id} has no ${item.system_type} integration`);
  }
  const reference = integration.credentials_secret_arn_or_name;
  if (!isInTenantNamespace(reference, deps.secretPrefix, item.tenant_id)) {
    const namespace = tenantSecretNamespace(deps.secretPrefix, item.tenant_id);
    throw new IntegrationMissingError(`the ${item.system_type} credentials secret is outside ${namespace}`);
  }
  return reference;
};

/**
 * One refresh: read the secret, ask the vendor, and store a rotated refresh token BEFORE the new access token is
 * used or cached (the vendor already revoked the old one, so losing the new one would lock the tenant out).
 * A second attempt covers a concurrent rotation: the secret moved on under us, so we read it again.
 * A dry run stores the rotated token too: it is not sync data, and dropping it would revoke the integration.
 */
const refreshOnce = async (item: SyncItem, deps: SyncStepDeps, name: string): Promise<AccessToken> => {
  const vendor = deps.vendors[item.system_type];
  for (let attempt = 1; ; attempt++) {
    const secret = await deps.credentials.read(name);
    try {
      const refreshed = await vendor.refresh(secret.value);
      if (refreshed.rotatedSecret !== undefined) {
        await deps.credentials.rotate(name, secret.version, refreshed.rotatedSecret);
      }
      return { accessToken: refreshed.accessToken, expiresAt: refreshed.expiresAt };
    } catch (error) {
      if (attempt > 1) throw error;
      if (error instanceof CredentialConflictError) continue;
      // invalid_grant because another run rotated first: its token is in the secret now.
      if (
        error instanceof AuthRevokedError &&
        (await deps.credentials.read(name)).version !== secret.version
      ) {
        continue;
      }
      throw error;
    }
  }
};

/** A usable access token: the container's cached one, or a fresh refresh (always with `force`). */
export const obtainToken = async (
  item: SyncItem,
  deps: SyncStepDeps,
  force: boolean,
): Promise<AccessToken> => {
  const { tenant_id, system_type } = item;
  const cached = force ? null : deps.tokens.get(tenant_id, system_type, deps.now().getTime());
  if (cached !== null) return cached;
  const token = await refreshOnce(item, deps, await credentialSecretName(item, deps));
  deps.tokens.set(tenant_id, system_type, token);
  return token;
};

/** The auth a listing uses: a refusal refreshes once through the same rotation-safe path. */
export const vendorAuth = async (item: SyncItem, deps: SyncStepDeps): Promise<VendorAuth> => {
  const token = await obtainToken(item, deps, false);
  return {
    // Quotas are per vendor tenant; one integration per system per platform tenant makes these equivalent.
    tenantKey: item.tenant_id,
    accessToken: token.accessToken,
    refresh: async () => (await obtainToken(item, deps, true)).accessToken,
  };
};
