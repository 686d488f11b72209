import type { ProviderId } from '../webhooks/provider-ids.ts';

/**
 * Reads a tenant's webhook signing secrets for one provider.
 * Resolves to null when the tenant has no secret for that provider (an unknown tenant included);
 * rejects with `SecretStoreUnavailableError` when the store cannot be read.
 */
export interface SigningSecretStore {
  getSigningSecrets(tenantId: string, provider: ProviderId): Promise<readonly string[] | null>;
}
