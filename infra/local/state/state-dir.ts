import { join } from 'node:path';
import { LOCAL_PORTS } from '../local-ports.ts';

/**
 * Where one local instance keeps its state: inside the checkout (`.local/`, git-ignored), one folder per
 * instance keyed by its webhook port, so two `npm start`s on different ports never share a file. Nothing is
 * written outside the checkout unless `LOCAL_STATE_DIR` says so. The ops CLI's `--local` finds an instance's
 * files the same way (same `PORT`, or the same `LOCAL_STATE_DIR`).
 */

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

type Env = Readonly<Record<string, string | undefined>>;

/** `$LOCAL_STATE_DIR`, else `<checkout>/.local/instance-<PORT>` (PORT 3000 when unset). */
export const defaultLocalStateDir = (env: Env = process.env): string =>
  env.LOCAL_STATE_DIR ?? join(REPO_ROOT, '.local', `instance-${env.PORT ?? LOCAL_PORTS.webhooks}`);

/** What an instance folder holds; `--fresh` removes exactly these and nothing else. */
export const STATE_ENTRIES = {
  /** `{ "<secret name>": "<SecretString>" }`: every secret the instance's receiver, worker and sync read. */
  secrets: 'secrets.json',
  /** dynalite's LevelDB: tenants, delivery log, idempotency, sync results, the operators' audit. */
  dynamodb: 'dynamodb',
  /** The object store's objects (claim-checked bodies, sync plans and reports), one file each. */
  objects: 'objects',
  /** The queues' messages, saved when the instance stops and sent again when it starts. */
  queues: 'queues.json',
  /** The SES stand-in's mailbox, saved when the instance stops. */
  mailbox: 'mailbox.json',
  /** The sync's augmented tenant file. */
  sync: 'sync',
  /** Which process runs the instance, and what it applied at start. */
  manifest: 'instance.json',
} as const;

export type StateEntry = keyof typeof STATE_ENTRIES;

/** The path of one entry in an instance folder. */
export const statePath = (dir: string, entry: StateEntry): string => join(dir, STATE_ENTRIES[entry]);

/** The secrets file an instance serves: `$LOCAL_SECRETS_FILE`, else `secrets.json` in its state folder. */
export const localSecretsFile = (env: Env = process.env): string =>
  env.LOCAL_SECRETS_FILE ?? statePath(defaultLocalStateDir(env), 'secrets');
