import { createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { CredentialConflictError, CredentialMissingError } from '../../sync/usecases/errors.ts';
import type { CredentialStore, VersionedSecret } from '../../sync/usecases/ports.ts';

const versionOf = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 16);

const asText = (value: unknown): string => (typeof value === 'string' ? value : JSON.stringify(value));

/**
 * Rotations per file, shared by every store of this process: the sync and the delivery worker each hold one
 * on the same file, and a rewrite by one must not drop the other's token.
 */
const queues = new Map<string, Promise<unknown>>();

/**
 * Local mode's credentials: the JSON secrets file (`LOCAL_SECRETS_FILE`, `{ "<name>": <SecretString or object> }`).
 * The version is a hash of the value; a rotation re-reads the file, compares, and replaces it by rename, so a
 * reader never sees half a file. Safe within one process (local mode runs every Lambda in one).
 */
export class FileCredentialStore implements CredentialStore {
  public constructor(private readonly path: string) {}

  public async read(name: string): Promise<VersionedSecret> {
    const entries = await this.load();
    if (!Object.hasOwn(entries, name))
      throw new CredentialMissingError(`secret ${name} does not exist in ${this.path}`);
    const value = asText(entries[name]);
    return { value, version: versionOf(value) };
  }

  public rotate(name: string, expectedVersion: string, newValue: string): Promise<string> {
    // Rotations of one process run one at a time, so two of them cannot both pass the comparison.
    const next = (queues.get(this.path) ?? Promise.resolve()).then(async () => {
      const entries = await this.load();
      const current = Object.hasOwn(entries, name) ? versionOf(asText(entries[name])) : null;
      if (current !== expectedVersion)
        throw new CredentialConflictError(`secret ${name} changed since it was read`);
      const temporary = `${this.path}.${process.pid}.tmp`;
      await writeFile(temporary, `${JSON.stringify({ ...entries, [name]: newValue }, null, 2)}\n`);
      await rename(temporary, this.path);
      return versionOf(newValue);
    });
    const settled = next.catch(() => undefined);
    queues.set(this.path, settled);
    return next;
  }

  private async load(): Promise<Record<string, unknown>> {
    const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${this.path} must be a JSON object mapping secret names to SecretStrings`);
    }
    return parsed as Record<string, unknown>;
  }
}
