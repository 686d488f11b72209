import type { SecretUpdater } from '../../delivery/destinations/secrets.ts';
import { CredentialConflictError } from '../../sync/usecases/errors.ts';
import type { CredentialStore } from '../../sync/usecases/ports.ts';

/** Tries of a compare-and-swap; each conflict means another writer got in between, so `change` runs again. */
const MAX_TRIES = 3;

/**
 * The delivery worker's secret writes through the sync's credential store (Secrets Manager, or the local
 * credentials file): read the secret and its version, apply `change`, rotate only if the version still holds.
 * On a conflict `change` sees the newer value, so it can decide again (usually: someone else already stored a
 * newer token, nothing to do).
 */
export class CredentialStoreSecretUpdater implements SecretUpdater {
  public constructor(private readonly store: CredentialStore) {}

  public async update(name: string, change: (current: string) => string | null): Promise<boolean> {
    for (let tries = 1; ; tries += 1) {
      const { value, version } = await this.store.read(name);
      const next = change(value);
      if (next === null) return false;
      try {
        await this.store.rotate(name, version, next);
        return true;
      } catch (error) {
        if (!(error instanceof CredentialConflictError) || tries >= MAX_TRIES) throw error;
      }
    }
  }
}
