import type { EventEnvelope } from './envelope.ts';
import type { ProviderId } from './provider-ids.ts';

/** Makes an envelope durable; rejects with `DurabilityError` when it could not. */
export interface EventQueue {
  send(envelope: EventEnvelope): Promise<void>;
}

/** Stores large bodies (claim-check); rejects with `DurabilityError` when the object was not stored. */
export interface BlobStore {
  readonly bucket: string;
  put(key: string, bytes: Buffer, contentType: string | null): Promise<void>;
}

/**
 * Reads a tenant's webhook signing secrets for one provider.
 * Resolves to null when the tenant has no secret for that provider (an unknown tenant included);
 * rejects with `SecretStoreUnavailableError` when the store cannot be read.
 */
export interface SigningSecretStore {
  getSigningSecrets(tenantId: string, provider: ProviderId): Promise<readonly string[] | null>;
}
