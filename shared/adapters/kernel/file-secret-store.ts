import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  openSync,
  readFileSync,
  renameSync,
  type Stats,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { describeError } from '../../kernel/errors.ts';
import {
  SecretConflictError,
  SecretExistsError,
  type SecretGetOptions,
  SecretMissingError,
  type SecretStore,
  SecretUnavailableError,
  type StoredSecret,
} from '../../kernel/secret-store.ts';

/**
 * Local mode's secrets file, `{ "<secret name>": "<SecretString>" }` (an object value is accepted and read as its
 * JSON). This module is the only one that reads or writes it: the platform's functions, `ops secrets` and the
 * local tooling all come through here.
 */

/** The file's entries as stored (values as written: SecretStrings, or objects someone wrote by hand). */
export type SecretsFileEntries = Record<string, unknown>;

/** The whole file; rejects with `SecretUnavailableError` when it is missing, not JSON, or not an object. */
export const loadSecretsFile = (path: string): SecretsFileEntries => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new SecretUnavailableError(`secrets file ${path}: ${describeError(error)}`, { cause: error });
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new SecretUnavailableError(`${path} must be a JSON object mapping secret names to SecretStrings`);
  }
  return parsed as SecretsFileEntries;
};

/**
 * Replaces the file atomically (a temporary file in the same directory, then a rename), so a reader never sees
 * half a file; readable by the owner only, like a file an operator would create by hand. Order is kept.
 */
export const saveSecretsFile = (path: string, entries: SecretsFileEntries): void => {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, `${JSON.stringify(entries, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never written, or already renamed: nothing to clean up.
    }
    throw new SecretUnavailableError(`writing secrets file ${path}: ${describeError(error)}`, {
      cause: error,
    });
  }
};

/** An entry as a SecretString. */
export const secretText = (value: unknown): string =>
  typeof value === 'string' ? value : JSON.stringify(value);

const versionOf = (value: string): string => createHash('sha256').update(value).digest('hex').slice(0, 16);

/** What tells one state of the file from the next; a rename always brings a new inode. */
const identityOf = (stats: Stats): string => `${stats.ino}:${stats.size}:${stats.mtimeMs}`;

export interface FileSecretStoreOptions {
  /** How often `get` checks whether the file changed; edits are seen within this many milliseconds. */
  readonly recheckMs?: number;
  readonly now?: () => number;
  /** How long a write waits for another writer's lock on the file. Default 2 s. */
  readonly lockWaitMs?: number;
}

interface Snapshot {
  readonly identity: string;
  checkedAt: number;
  readonly texts: ReadonlyMap<string, string>;
}

const LOCK_WAIT_MS = 2_000;
/** A lock older than this was left by a process that died while writing. */
const STALE_LOCK_MS = 10_000;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Runs `write` holding `<file>.lock`, created exclusively: the running platform (its worker and sync rotate
 * tokens) and an `ops secrets` in another terminal write the same file, and each write reads, compares and
 * replaces it. Synchronous on purpose: nothing else in this process can run while the lock is held.
 */
const withFileLock = <T>(path: string, waitMs: number, write: () => T): T => {
  const lock = `${path}.lock`;
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      closeSync(openSync(lock, 'wx'));
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new SecretUnavailableError(`locking secrets file ${path}: ${describeError(error)}`, {
          cause: error,
        });
      }
      try {
        if (Date.now() - statSync(lock).mtimeMs > STALE_LOCK_MS) unlinkSync(lock);
      } catch {
        // Released meanwhile: try again at once.
      }
      if (Date.now() > deadline) {
        throw new SecretUnavailableError(`secrets file ${path} stayed locked by another writer (${lock})`);
      }
      Atomics.wait(pause, 0, 0, 5);
    }
  }
  try {
    return write();
  } finally {
    try {
      unlinkSync(lock);
    } catch {
      // Removed as stale by another writer; nothing to release.
    }
  }
};

/**
 * The secret-store port on the local secrets file. `get` keeps the file's entries only until it changes
 * (checked about once a second), so an edit by `ops secrets` or by hand reaches every reader without a restart;
 * `read` and `write` always use the file itself. A version is a hash of the value. A write holds the file's
 * lock from reading the file to renaming the new one, so no other writer, in this process or another, can get
 * in between and two of them cannot both pass the comparison.
 */
export class FileSecretStore implements SecretStore {
  private snapshot: Snapshot | null = null;
  private readonly recheckMs: number;
  private readonly now: () => number;
  private readonly lockWaitMs: number;

  public constructor(
    private readonly path: string,
    options: FileSecretStoreOptions = {},
  ) {
    this.recheckMs = options.recheckMs ?? 1_000;
    this.now = options.now ?? Date.now;
    this.lockWaitMs = options.lockWaitMs ?? LOCK_WAIT_MS;
  }

  public async get(name: string, options?: SecretGetOptions): Promise<string | null> {
    return this.recent(options?.forceFetch ?? false).get(name) ?? null;
  }

  public async read(name: string): Promise<StoredSecret | null> {
    const { mtime } = this.stat();
    const entries = loadSecretsFile(this.path);
    if (!Object.hasOwn(entries, name)) return null;
    const value = secretText(entries[name]);
    return { value, version: versionOf(value), lastChanged: mtime };
  }

  public async write(name: string, value: string, expectedVersion: string | null): Promise<string> {
    return withFileLock(this.path, this.lockWaitMs, () => this.writeLocked(name, value, expectedVersion));
  }

  private writeLocked(name: string, value: string, expectedVersion: string | null): string {
    const entries = loadSecretsFile(this.path);
    const exists = Object.hasOwn(entries, name);
    if (expectedVersion === null && exists) throw new SecretExistsError(`secret ${name} already exists`);
    if (expectedVersion !== null && !exists) throw new SecretMissingError(`secret ${name} does not exist`);
    if (expectedVersion !== null && versionOf(secretText(entries[name])) !== expectedVersion) {
      throw new SecretConflictError(`secret ${name} changed since it was read`);
    }
    saveSecretsFile(this.path, { ...entries, [name]: value });
    this.snapshot = null;
    return versionOf(value);
  }

  private recent(force: boolean): ReadonlyMap<string, string> {
    const now = this.now();
    const held = this.snapshot;
    if (!force && held !== null && now - held.checkedAt < this.recheckMs) return held.texts;
    const identity = identityOf(this.stat());
    if (held !== null && held.identity === identity) {
      held.checkedAt = now;
      return held.texts;
    }
    const texts = new Map<string, string>();
    for (const [name, value] of Object.entries(loadSecretsFile(this.path)))
      texts.set(name, secretText(value));
    this.snapshot = { identity, checkedAt: now, texts };
    return texts;
  }

  private stat(): Stats {
    try {
      return statSync(this.path);
    } catch (error) {
      throw new SecretUnavailableError(`secrets file ${this.path}: ${describeError(error)}`, {
        cause: error,
      });
    }
  }
}
