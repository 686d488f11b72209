import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { applyTenantFile } from '../../shared/adapters/tenants/apply-tenant-file.ts';
import { MbcCqrsTenantWriter } from '../../shared/adapters/tenants/mbc-cqrs-tenant-writer.ts';
import type { ApplyResult } from '../../shared/tenants/apply-result.ts';
import type { TenantFile } from '../../shared/tenants/tenant-file.ts';
import { parseTenantFileText } from '../../shared/tenants/validate-tenant-file.ts';

/** The demo tenants local mode applies at start (routes to the fakes on their default ports). */
export const DEMO_TENANTS_FILE = fileURLToPath(new URL('./demo-tenants.json', import.meta.url));

export interface LocalTenantFile {
  /** The file to apply: the given one, or a copy with the fakes' actual origins. */
  readonly path: string;
  readonly file: TenantFile;
  /** Removes the copy, if one was made. */
  cleanup(): Promise<void>;
}

/**
 * The tenant file with each default fake origin replaced by the one actually bound: with port 0 (tests) or
 * FAKES_PORT the file's URLs would otherwise point at nothing. The file is validated either way.
 */
export const localizeTenantFile = async (
  path: string,
  origins: ReadonlyMap<string, string>,
): Promise<LocalTenantFile> => {
  const original = await readFile(path, 'utf8');
  let text = original;
  for (const [from, to] of origins) text = text.replaceAll(from, to);
  const file = parseTenantFileText(text);
  if (text === original) return { path, file, cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'tsunagi-local-tenants-'));
  const copy = join(dir, 'tenants.json');
  await writeFile(copy, text);
  return { path: copy, file, cleanup: () => rm(dir, { recursive: true, force: true }) };
};

/** Paths on `origin` that http routes deliver to, each with the name of the secret that signs them. */
export const httpRoutePaths = (file: TenantFile, origin: string): Map<string, string> => {
  const paths = new Map<string, string>();
  for (const route of file.tenants.flatMap((tenant) => tenant.routes)) {
    if (route.destination.type !== 'http') continue;
    const url = new URL(route.destination.url);
    if (url.origin === origin) paths.set(url.pathname, route.destination.signing_secret_name);
  }
  return paths;
};

export interface ApplyLocalTenantsOptions {
  readonly path: string;
  /** Local mode's secret prefix: the file's secrets must lie in each tenant's namespace under it. */
  readonly secretPrefix: string;
  readonly dynamoEndpoint: string;
  readonly region: string;
}

/**
 * Applies a tenant file to local mode's DynamoDB through the operators' own path (applyTenantFile). The
 * framework's client takes credentials from process.env: startLocal has put dummy ones there already.
 */
export const applyLocalTenants = async (options: ApplyLocalTenantsOptions): Promise<ApplyResult> => {
  const writer = await MbcCqrsTenantWriter.start(
    {
      NODE_ENV: 'local',
      DYNAMODB_ENDPOINT: options.dynamoEndpoint,
      DYNAMODB_REGION: options.region,
    },
    { actor: 'local-mode' },
  );
  try {
    return await applyTenantFile(options.path, {
      dryRun: false,
      writer,
      secretPrefix: options.secretPrefix,
    });
  } finally {
    await writer.close();
  }
};
