import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadSecretsFile, saveSecretsFile } from '../../../shared/adapters/kernel/file-secret-store.ts';
import type { ChatSystem } from '../../../shared/tenants/destinations.ts';
import { integrationSecretName } from '../../../shared/tenants/secret-names.ts';
import type { FakeVendors } from '../vendors/index.ts';

/**
 * Seeds local mode for the daily sync. The fake vendors make up each demo tenant's workspace and credentials
 * when they start; this gives those tenants an integration per chat system (added to a copy of the tenant file
 * that startLocal applies) and writes the matching credential secrets into the instance's secrets file, the
 * one file the receiver, the worker and the sync all read (never demo-secrets.json: the sync rotates refresh
 * tokens, and the repo's files are not rewritten). The fake vendors start afresh with every run, so their
 * tenants' credentials are issued again at every start.
 */

export const SYNC_SYSTEMS = ['SLACK', 'TEAMS', 'LINE_WORKS'] as const satisfies readonly ChatSystem[];

export interface SyncIntegration {
  readonly tenantId: string;
  readonly system: ChatSystem;
  readonly secretName: string;
}

type RawTenant = {
  tenant_id?: string;
  integrations?: { system?: string; credentials_secret_arn_or_name?: string }[];
};

/**
 * The tenant file with an integration for every system the fake vendors serve, for each tenant they seeded
 * (only the declared ones when `add` is false); integrations the file already declares keep their secret
 * names. Returns the text and every sync integration.
 */
export const withSyncIntegrations = (
  fileText: string,
  vendorTenants: readonly string[],
  secretPrefix: string,
  add = true,
): { text: string; integrations: SyncIntegration[] } => {
  const file = JSON.parse(fileText) as { tenants?: RawTenant[] };
  const integrations: SyncIntegration[] = [];
  for (const tenant of file.tenants ?? []) {
    const tenantId = tenant.tenant_id;
    if (!tenantId || !vendorTenants.includes(tenantId)) continue;
    tenant.integrations ??= [];
    for (const system of SYNC_SYSTEMS) {
      let declared = tenant.integrations.find((integration) => integration.system === system);
      if (!declared && !add) continue;
      if (!declared) {
        declared = {
          system,
          credentials_secret_arn_or_name: integrationSecretName(secretPrefix, tenantId, system),
        };
        tenant.integrations.push(declared);
      }
      integrations.push({ tenantId, system, secretName: declared.credentials_secret_arn_or_name! });
    }
  }
  return { text: `${JSON.stringify(file, null, 2)}\n`, integrations };
};

/** The Slack bot token an entry holds: a bare token, or the `bot_token` of a JSON SecretString. */
const botTokenOf = (entry: unknown): string | null => {
  if (typeof entry !== 'string' || entry === '') return null;
  try {
    const parsed: unknown = JSON.parse(entry);
    const token = (parsed as { bot_token?: unknown } | null)?.bot_token;
    return typeof token === 'string' ? token : null;
  } catch {
    return entry;
  }
};

/** The SecretString of one integration, in the snake_case shape sync-step and the delivery worker read. */
const secretOf = (
  vendors: FakeVendors,
  integration: SyncIntegration,
  previous: unknown,
): Record<string, string> => {
  const access = vendors.tenant(integration.tenantId);
  switch (integration.system) {
    case 'SLACK': {
      const c = access.slack.credentials;
      // Keep the delivery path's bot token: the demo secrets' bare token, or the one seeded by an earlier run.
      const token = botTokenOf(previous);
      const bot: Record<string, string> = token === null ? {} : { bot_token: token };
      return { ...bot, client_id: c.clientId, client_secret: c.clientSecret, refresh_token: c.refreshToken };
    }
    case 'TEAMS': {
      const c = access.teams.credentials;
      return {
        tenant_id: c.tenantId,
        client_id: c.clientId,
        client_secret: c.clientSecret,
        // The notifying account's delegated token: the chat destination's channel messages need it.
        messaging_refresh_token: access.teams.messagingRefreshToken,
      };
    }
    case 'LINE_WORKS': {
      const c = access.lineWorks.credentials;
      return {
        client_id: c.clientId,
        client_secret: c.clientSecret,
        service_account: c.serviceAccount,
        private_key: c.privateKey,
        scope: c.scope,
        ...(c.refreshToken ? { refresh_token: c.refreshToken } : {}),
      };
    }
  }
};

/** Whole files only: a reader never sees half of one (the credentials file has the file secret store's writer). */
const writeAtomically = async (path: string, text: string): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text);
  await rename(temporary, path);
};

/** The committed demo secrets are a seed only: a run never writes them. */
const DEMO_SECRETS_FILE = join(import.meta.dirname, '..', 'demo-secrets.json');

export interface SeedSyncInput {
  readonly vendors: FakeVendors;
  /** The tenant file local mode applies (null: none, so nothing to seed). */
  readonly tenantsFile: string | null;
  /** The instance's secrets file: the seeded credentials are written into it, next to its other entries. */
  readonly secretsFile: string;
  readonly secretPrefix: string;
  /** Where the augmented tenant file goes. */
  readonly stateDir: string;
  /** Add the missing integrations to (a copy of) the tenant file; otherwise seed only the declared ones. */
  readonly addIntegrations: boolean;
}

/**
 * Writes the integrations' credentials into the secrets file and the augmented tenant file; returns the tenant
 * file to apply instead and the secrets file the sync reads (the instance's own).
 */
export const seedLocalSync = async (
  input: SeedSyncInput,
): Promise<{ tenantsFile: string | null; credentialsFile: string }> => {
  if (resolve(input.secretsFile) === DEMO_SECRETS_FILE) {
    throw new Error('seedLocalSync: the committed demo secrets are never written; give a working copy');
  }
  const credentialsFile = input.secretsFile;
  if (!input.tenantsFile) return { tenantsFile: null, credentialsFile };
  await mkdir(input.stateDir, { recursive: true });
  const { text, integrations } = withSyncIntegrations(
    await readFile(input.tenantsFile, 'utf8'),
    input.vendors.tenantIds(),
    input.secretPrefix,
    input.addIntegrations,
  );
  const secrets = loadSecretsFile(credentialsFile);
  for (const integration of integrations) {
    secrets[integration.secretName] = JSON.stringify(
      secretOf(input.vendors, integration, secrets[integration.secretName]),
    );
  }
  saveSecretsFile(credentialsFile, secrets);
  if (!input.addIntegrations) return { tenantsFile: input.tenantsFile, credentialsFile };
  const tenantsFile = join(input.stateDir, 'tenants-with-sync.json');
  await writeAtomically(tenantsFile, text);
  return { tenantsFile, credentialsFile };
};
