import type { SecretStore } from '../../kernel/secret-store.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { type CredentialsCheck, checkIntegrationCredentials } from './integration-credentials.ts';
import { SecretPlanError } from './signing-secret-list.ts';

/**
 * `ops secrets put|rotate|show <tenant> integration <SYSTEM>`: a chat system's credentials, one JSON value
 * (not a list: a rotation replaces it, and the vendor revokes what it replaced). The value is checked against
 * what the daily sync and chat routes need before anything is written, and written by compare-and-swap
 * against the version read.
 */

export interface StoredIntegrationSecret {
  readonly name: string;
  readonly check: CredentialsCheck;
  readonly lastChanged: Date | null;
  readonly version: string;
}

export const showIntegrationSecret = async (
  store: Pick<SecretStore, 'read'>,
  name: string,
  system: ChatSystem,
): Promise<StoredIntegrationSecret | null> => {
  const stored = await store.read(name);
  if (stored === null) return null;
  return {
    name,
    check: checkIntegrationCredentials(system, stored.value),
    lastChanged: stored.lastChanged,
    version: stored.version,
  };
};

export type IntegrationAction = 'put' | 'rotate';

export interface IntegrationChange {
  readonly action: IntegrationAction;
  /** The stored value's fields (fingerprints), null when there was none. */
  readonly before: CredentialsCheck['fields'] | null;
  readonly after: CredentialsCheck['fields'];
  readonly warnings: readonly string[];
}

export interface IntegrationChangeOptions {
  readonly dryRun?: boolean;
  /** Sees the change before anything is written; throwing cancels it. */
  readonly confirm?: (change: IntegrationChange) => Promise<void>;
}

export interface IntegrationChangeResult {
  readonly name: string;
  readonly change: IntegrationChange;
  readonly applied: boolean;
  readonly version: string | null;
}

const DESCRIPTION = 'tsunagi chat integration credentials (JSON; see README "Connecting a vendor")';

/**
 * Checks, reads, plans, confirms and writes. Rejects with `SecretPlanError` for credentials a consumer could
 * not use, a put over an existing secret, a rotate of a missing one, or an unchanged value; with the store's
 * errors when the secret changed after it was read.
 */
export const changeIntegrationSecret = async (
  store: Pick<SecretStore, 'read' | 'write'>,
  input: {
    readonly name: string;
    readonly system: ChatSystem;
    readonly action: IntegrationAction;
    readonly value: string;
  },
  options: IntegrationChangeOptions = {},
): Promise<IntegrationChangeResult> => {
  const check = checkIntegrationCredentials(input.system, input.value);
  if (check.problems.length > 0) {
    throw new SecretPlanError(
      `these ${input.system} credentials cannot be used: ${check.problems.join('; ')} (nothing was written)`,
    );
  }
  const current = await store.read(input.name);
  if (input.action === 'put' && current !== null) {
    throw new SecretPlanError(`${input.name} already exists; use "secrets rotate" to replace it`);
  }
  if (input.action === 'rotate' && current === null) {
    throw new SecretPlanError(`${input.name} does not exist yet; use "secrets put" first`);
  }
  const canonical = JSON.stringify(JSON.parse(input.value));
  if (current !== null && current.value === canonical) {
    throw new SecretPlanError(`${input.name} already holds exactly these credentials; nothing to change`);
  }
  const change: IntegrationChange = {
    action: input.action,
    before: current === null ? null : checkIntegrationCredentials(input.system, current.value).fields,
    after: check.fields,
    warnings: check.warnings,
  };
  if (options.dryRun) return { name: input.name, change, applied: false, version: null };
  await options.confirm?.(change);
  const version = await store.write(input.name, canonical, current?.version ?? null, {
    description: DESCRIPTION,
  });
  return { name: input.name, change, applied: true, version };
};
