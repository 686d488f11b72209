import type { EventEnvelope } from '../../shared/webhooks/envelope.ts';
import { DurabilityError, SecretStoreUnavailableError } from '../../shared/webhooks/errors.ts';
import type { BlobStore, EventQueue, SigningSecretStore } from '../../shared/webhooks/ports.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';

/** In-memory secret store keyed by `tenant/provider`. */
export class MemorySecretStore implements SigningSecretStore {
  public unavailable = false;
  public readonly lookups: string[] = [];
  public constructor(private readonly secrets: Record<string, readonly string[]> = {}) {}
  public async getSigningSecrets(tenantId: string, provider: ProviderId): Promise<readonly string[] | null> {
    this.lookups.push(`${tenantId}/${provider}`);
    if (this.unavailable) throw new SecretStoreUnavailableError('store down');
    return this.secrets[`${tenantId}/${provider}`] ?? null;
  }
}

/** In-memory queue that can be told to fail. */
export class MemoryQueue implements EventQueue {
  public readonly sent: EventEnvelope[] = [];
  public failure: Error | null = null;
  public async send(envelope: EventEnvelope): Promise<void> {
    if (this.failure) throw this.failure;
    this.sent.push(structuredClone(envelope));
  }
  public failWith(error: Error = new DurabilityError('queue down')): void {
    this.failure = error;
  }
}

/** In-memory blob store. */
export class MemoryBlobStore implements BlobStore {
  public readonly bucket = 'claim-check-test';
  public readonly objects = new Map<string, { bytes: Buffer; contentType: string | null }>();
  public failing = false;
  public async put(key: string, bytes: Buffer, contentType: string | null): Promise<void> {
    if (this.failing) throw new DurabilityError('bucket down');
    this.objects.set(key, { bytes: Buffer.from(bytes), contentType });
  }
}
