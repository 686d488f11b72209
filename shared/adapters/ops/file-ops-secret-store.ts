import { randomBytes } from 'node:crypto';
import { readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import {
  type OpsSecretStore,
  SecretExistsError,
  SecretMissingError,
  type StoredSigningSecrets,
  signingSecretString,
} from '../../ops/secrets/store.ts';
import { parseSigningSecrets } from '../../webhooks/signing-secrets.ts';

/**
 * The local secrets file (`{ "<secret name>": "<SecretString>" }`, see file-secret-store.ts) as `ops secrets`
 * reads and writes it. Writes are atomic (a temporary file in the same directory, then a rename), so the
 * running receiver, which re-reads the file when its mtime changes, never sees half a file. Other entries and
 * their order are kept. The file's mtime stands for "last changed" (the file keeps no per-entry times).
 */
export class FileOpsSecretStore implements OpsSecretStore {
  public readonly label: string;

  public constructor(private readonly path: string) {
    this.label = `file ${path}`;
  }

  public async read(name: string): Promise<StoredSigningSecrets | null> {
    const entries = await this.load();
    if (!Object.hasOwn(entries, name)) return null;
    const { mtime } = await stat(this.path);
    return { secrets: parseSigningSecrets(name, entries[name]), lastChanged: mtime };
  }

  public async create(name: string, secrets: readonly string[]): Promise<void> {
    const entries = await this.load();
    if (Object.hasOwn(entries, name)) throw new SecretExistsError(`secret ${name} already exists`);
    await this.save({ ...entries, [name]: signingSecretString(secrets) });
  }

  public async update(name: string, secrets: readonly string[]): Promise<void> {
    const entries = await this.load();
    if (!Object.hasOwn(entries, name)) throw new SecretMissingError(`secret ${name} does not exist`);
    await this.save({ ...entries, [name]: signingSecretString(secrets) });
  }

  private async load(): Promise<Record<string, unknown>> {
    const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error(`${this.path} must be a JSON object mapping secret names to SecretStrings`);
    }
    return parsed as Record<string, unknown>;
  }

  private async save(entries: Record<string, unknown>): Promise<void> {
    const temp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      // Secrets: readable by the owner only, like the file an operator would create by hand.
      await writeFile(temp, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
      await rename(temp, this.path);
    } catch (error) {
      await unlink(temp).catch(() => undefined);
      throw error;
    }
  }
}
