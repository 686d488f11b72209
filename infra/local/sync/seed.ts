import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { loadSecretsFile, saveSecretsFile } from '../../../shared/adapters/kernel/file-secret-store.ts';
import type { ChatSystem } from '../../../shared/tenants/destinations.ts';
import type { FakeVendors } from '../vendors/index.ts';

/**
 * Seeds local mode for the daily sync. The fake vendors make up each demo tenant's workspace and credentials
 * when they start; this gives those tenants an integration per chat system (added to a copy of the tenant file
 * that startLocal applies) and writes the matching credential secrets to a credentials file for sync-step.
 * A copy, not demo-secrets.json: the sync rotates refresh tokens and must not rewrite files in the repo.
 */

export const SYNC_SYSTEMS = ['SLACK', 'TEAMS', 'LINE_WORKS'] as const satisfies readonly ChatSystem[];
const SECRET_SUFFIX: Record<ChatSystem, string> = {
  SLACK: 'slack',
  TEAMS: 'teams',
  LINE_WORKS: 'line-works',
};

const REPO_ROOT = join(import.meta.dirname, '..', '..', '..');

/**
 * Where `npm start` keeps local sync state, inside the checkout (`.local/`, git-ignored) and one folder per
 * instance, keyed by its webhook port: two instances on different ports never share a file. `ops sync run
 * --local` finds it the same way (same `PORT`). `LOCAL_STATE_DIR` moves the whole instance folder,
 * `SYNC_STATE_DIR` this one only.
 */
export const defaultSyncStateDir = (env: Record<string, string | undefined> = process.env): string =>
  env.SYNC_STATE_DIR ??
  join(env.LOCAL_STATE_DIR ?? join(REPO_ROOT, '.local', `instance-${env.PORT ?? '3000'}`), 'sync');

export const syncCredentialsFile = (stateDir: string): string => join(stateDir, 'sync-credentials.json');

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
          credentials_secret_arn_or_name: `${secretPrefix}/${tenantId}/integrations/${SECRET_SUFFIX[system]}`,
        };
        tenant.integrations.push(declared);
      }
      integrations.push({ tenantId, system, secretName: declared.credentials_secret_arn_or_name! });
    }
  }
  return { text: `${JSON.stringify(file, null, 2)}\n`, integrations };
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
      // Keep the delivery path's bot token when the demo secrets had one for this name.
      const bot: Record<string, string> = typeof previous === 'string' ? { bot_token: previous } : {};
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

export interface SeedSyncInput {
  readonly vendors: FakeVendors;
  /** The tenant file local mode applies (null: none, so nothing to seed). */
  readonly tenantsFile: string | null;
  readonly secretsFile: string;
  readonly secretPrefix: string;
  readonly stateDir: string;
  /** Add the missing integrations to (a copy of) the tenant file; otherwise seed only the declared ones. */
  readonly addIntegrations: boolean;
}

/** Writes the augmented tenant file and the credentials file; returns the tenant file to apply instead. */
export const seedLocalSync = async (
  input: SeedSyncInput,
): Promise<{ tenantsFile: string | null; credentialsFile: string }> => {
  await mkdir(input.stateDir, { recursive: true });
  const demoSecrets = loadSecretsFile(input.secretsFile);
  const credentialsFile = syncCredentialsFile(input.stateDir);
  if (!input.tenantsFile) {
    saveSecretsFile(credentialsFile, demoSecrets);
    return { tenantsFile: null, credentialsFile };
  }
  const { text, integrations } = withSyncIntegrations(
    await readFile(input.tenantsFile, 'utf8'),
    input.vendors.tenantIds(),
    input.secretPrefix,
    input.addIntegrations,
  );
  const credentials: Record<string, unknown> = { ...demoSecrets };
  for (const integration of integrations) {
    credentials[integration.secretName] = JSON.stringify(
      secretOf(input.vendors, integration, demoSecrets[integration.secretName]),
    );
  }
  saveSecretsFile(credentialsFile, credentials);
  if (!input.addIntegrations) return { tenantsFile: input.tenantsFile, credentialsFile };
  const tenantsFile = join(input.stateDir, 'tenants-with-sync.json');
  await writeAtomically(tenantsFile, text);
  return { tenantsFile, credentialsFile };
};
