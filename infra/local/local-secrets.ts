import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadSecretsFile, saveSecretsFile } from '../../shared/adapters/kernel/file-secret-store.ts';
import type { ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { parseSigningSecrets, signingSecretName } from '../../shared/webhooks/signing-secrets.ts';
import { localSecretsFile } from './state/state-dir.ts';

/** The committed demo secrets (local use only): what every instance's secrets file starts from. */
export const DEMO_SECRETS_FILE = fileURLToPath(new URL('./demo-secrets.json', import.meta.url));

/**
 * What local tooling reads when no file is named: `$LOCAL_SECRETS_FILE`, else the secrets file of the instance
 * `$LOCAL_STATE_DIR` or `$PORT` names (`.local/instance-<PORT>/secrets.json`), the one that instance serves.
 */
export const defaultLocalSecretsFile = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): string => localSecretsFile(env);

/** For tools that only read secrets (to sign a request): the instance's file, or the demo secrets before any start. */
export const readableLocalSecretsFile = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): string => {
  const file = localSecretsFile(env);
  return env.LOCAL_SECRETS_FILE !== undefined || existsSync(file) ? file : DEMO_SECRETS_FILE;
};

/**
 * Creates an instance's secrets file from the demo secrets, or adds the demo entries it lacks (a newer checkout may
 * bring new ones) without touching the entries it has, which may have been rotated. Returns its path.
 */
export const ensureWorkingSecretsFile = (working: string, demoFile: string = DEMO_SECRETS_FILE): string => {
  const demo = loadSecretsFile(demoFile);
  const exists = existsSync(working);
  const current = exists ? loadSecretsFile(working) : {};
  const missing = Object.keys(demo).filter((name) => !Object.hasOwn(current, name));
  if (missing.length > 0 || !exists) {
    for (const name of missing) current[name] = demo[name];
    mkdirSync(dirname(working), { recursive: true });
    saveSecretsFile(working, current);
  }
  return working;
};

/** The secret-name prefix local mode uses unless `SECRET_PREFIX` says otherwise. */
export const LOCAL_SECRET_PREFIX = 'tsunagi/local';

/** Demo tenants seeded in `demo-secrets.json`; `acme` holds two secrets per provider to show rotation. */
export const DEMO_TENANTS = ['acme', 'globex'] as const;

/**
 * The local secrets file as the demo and tests read it: secret name → signing secrets, read once through the
 * file adapter. The platform's functions read the file through their own store and see edits; this snapshot
 * only serves tooling that must produce signatures (and the fakes, which accept what the worker sends).
 */
export class LocalSecrets {
  private constructor(
    private readonly byName: ReadonlyMap<string, readonly string[]>,
    private readonly raw: Readonly<Record<string, unknown>>,
    private readonly prefix: string,
  ) {}

  /** Reads and validates the whole file, so a broken entry is reported at start rather than at first use. */
  public static load(path: string = DEMO_SECRETS_FILE, prefix: string = LOCAL_SECRET_PREFIX): LocalSecrets {
    const raw = loadSecretsFile(path);
    const byName = new Map<string, readonly string[]>();
    // The file also holds the delivery side's secrets (route signing secrets, chat tokens, an API key), whose
    // shapes are the worker's business; only webhook signing secrets are checked here.
    for (const [name, value] of Object.entries(raw)) {
      if (name.includes('/webhooks/')) byName.set(name, parseSigningSecrets(name, value));
    }
    return new LocalSecrets(byName, raw, prefix);
  }

  /**
   * Every string value of a secret, current first: a plain SecretString is itself; a JSON one gives the
   * strings of its fields (`signingSecrets` lists included). Empty when the secret is absent. For the fakes,
   * which must accept what the worker sends.
   */
  public valuesOf(name: string): readonly string[] {
    return secretStrings(this.raw[name]);
  }

  /** Signing secrets of one tenant × provider, current first; empty when none is configured. */
  public secretsFor(tenantId: string, provider: ProviderId): readonly string[] {
    return this.byName.get(signingSecretName(this.prefix, tenantId, provider)) ?? [];
  }

  /** Tenants that have at least one secret under this prefix. */
  public tenants(): string[] {
    const tenants = new Set<string>();
    for (const name of this.byName.keys()) {
      const rest = name.startsWith(`${this.prefix}/`) ? name.slice(this.prefix.length + 1) : undefined;
      const match = rest ? /^([^/]+)\/webhooks\/[^/]+$/.exec(rest) : null;
      if (match) tenants.add(match[1]!);
    }
    return [...tenants].sort();
  }

  /** Number of webhook signing-secret entries (tenant × provider pairs) in the file. */
  public get size(): number {
    return this.byName.size;
  }
}

const secretStrings = (value: unknown): string[] => {
  if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'object' && parsed !== null ? secretStrings(parsed) : [value];
    } catch {
      return [value];
    }
  }
  if (Array.isArray(value)) return value.flatMap(secretStrings);
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(secretStrings);
  return [];
};
