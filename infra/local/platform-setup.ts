import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { ApplyResult } from '../../shared/tenants/apply-result.ts';
import type { ChatSystem } from '../../shared/tenants/destinations.ts';
import type { TenantFile } from '../../shared/tenants/tenant-file.ts';
import { ensureDeliveryTables } from './delivery-tables.ts';
import { applyLocalTenants, httpRoutePaths, localizeTenantFile } from './demo-tenants.ts';
import { ensureTables } from './dynamodb/index.ts';
import type { LocalFakes } from './fakes/index.ts';
import type { LambdaHttpHandler } from './http-bridge.ts';
import { FAKE_NAMES, fakePorts, LOCAL_PORTS } from './local-ports.ts';
import type { LocalSecrets } from './local-secrets.ts';

/** The steps of startLocal that are more than starting a server. */

/** Tenant master data tables (ensureTables) plus the delivery log and idempotency tables. */
export const createTables = async (endpoint: string, region: string): Promise<void> => {
  const client = new DynamoDBClient({
    endpoint,
    region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await ensureTables(client, 'local');
    await ensureDeliveryTables(client, 'local');
  } finally {
    client.destroy();
  }
};

/** The tokens of every integration with `system` in the tenant file, for the fake of that system to accept. */
export const chatTokens = (file: TenantFile | null, secrets: LocalSecrets, system: ChatSystem): string[] =>
  (file?.tenants ?? [])
    .flatMap((tenant) => tenant.integrations)
    .filter((integration) => integration.system === system)
    .flatMap((integration) => secrets.valuesOf(integration.credentials_secret_arn_or_name));

export interface ApplyTenantsInput {
  readonly path: string;
  readonly fakes: LocalFakes;
  readonly dynamoEndpoint: string;
  readonly region: string;
  readonly secretPrefix: string;
  readonly secrets: LocalSecrets;
  /** Filled with the tenant backend's paths and their signing secrets. */
  readonly backendSecrets: Map<string, readonly string[]>;
  /** Apply nothing when the file, as pointed at the fakes, hashes to this (it was applied so before). */
  readonly skipIfHash?: string | null;
}

/**
 * Points the file's routes at the fakes as actually bound, tells the tenant backend which secret signs each
 * of its paths, and applies the file, unless it is the one applied before (`skipIfHash`). Resolves to what
 * applying did (null when skipped) and the hash of the file as applied.
 */
export const applyTenants = async (
  input: ApplyTenantsInput,
): Promise<{ result: ApplyResult | null; hash: string }> => {
  const defaults = fakePorts(LOCAL_PORTS.fakes);
  const origins = new Map(
    FAKE_NAMES.map((name) => [`http://127.0.0.1:${defaults[name]}`, input.fakes[name].url] as const),
  );
  const localized = await localizeTenantFile(input.path, origins);
  try {
    for (const [path, secretName] of httpRoutePaths(localized.file, input.fakes.tenantBackend.url)) {
      input.backendSecrets.set(path, input.secrets.valuesOf(secretName));
    }
    const hash = createHash('sha256')
      .update(await readFile(localized.path))
      .digest('hex');
    if (input.skipIfHash === hash) return { result: null, hash };
    const result = await applyLocalTenants({
      path: localized.path,
      dynamoEndpoint: input.dynamoEndpoint,
      region: input.region,
      secretPrefix: input.secretPrefix,
    });
    return { result, hash };
  } finally {
    await localized.cleanup();
  }
};

// The receiver reads its environment once, when its module loads, and modules load once per process.
let loadedReceiverEnv: string | undefined;

export const loadReceiver = async (env: Record<string, string>): Promise<LambdaHttpHandler> => {
  const fingerprint = JSON.stringify(env);
  if (loadedReceiverEnv !== undefined && loadedReceiverEnv !== fingerprint) {
    throw new Error(
      'startLocal: the receiver already loaded in this process with other ports or settings; it reads its ' +
        'environment once at module load. Start local mode once per process (fixed ports allow a restart).',
    );
  }
  Object.assign(process.env, env);
  loadedReceiverEnv = fingerprint;
  // Dynamic on purpose: a static import would read the environment before it is set above.
  const { handler } = await import('../../functions/webhook-receiver/handler.ts');
  return handler;
};
