import { DynamoDbTenantDirectory } from '../../shared/adapters/tenants/dynamodb-tenant-directory.ts';
import { listTenants, showTenant } from '../../shared/ops/tenants.ts';
import type { Destination } from '../../shared/tenants/destinations.ts';
import type { Route, TenantProfile } from '../../shared/tenants/tenant-file.ts';
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  NotFoundError,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import { explainUnreachable, resolveTarget, type Target } from './target.ts';

export const TENANTS_LIST_USAGE = `Usage: npm run ops -- tenants list (--local | --stage <s>) [options]

Lists every tenant with its status and how many routes it has.

Options:
${TARGET_HELP}
${COMMON_HELP}`;

export const TENANTS_SHOW_USAGE = `Usage: npm run ops -- tenants show <tenant> (--local | --stage <s>) [options]

Prints one tenant: its profile, its integrations (secret names only, never values) and its routes.

Options:
${TARGET_HELP}
${COMMON_HELP}`;

/** Runs `use` with a directory that never caches: an operator wants the table as it is now. */
const withDirectory = async <T>(target: Target, use: (directory: DynamoDbTenantDirectory) => Promise<T>) => {
  const client = target.dynamo();
  try {
    return await use(
      new DynamoDbTenantDirectory(client, { tableName: target.tables.tenantData, cacheTtlMs: 0 }),
    );
  } catch (error) {
    if (error instanceof NotFoundError) throw error;
    throw explainUnreachable(error, target);
  } finally {
    client.destroy();
  }
};

export const tenantsList = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...TARGET_OPTIONS });
  if (values.help) return console.log(TENANTS_LIST_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n\n${TENANTS_LIST_USAGE}`);
  const target = resolveTarget(values);
  const output = await withDirectory(target, (directory) => listTenants({ target, directory }));
  if (values.json) return printJson(output);
  const rows = output.tenants;
  if (rows.length === 0) return console.log(`No tenants in ${target.label}.`);
  const width = Math.max(6, ...rows.map((row) => row.tenant_id.length));
  console.log(`${'tenant'.padEnd(width)}  status     routes  name`);
  for (const row of rows) {
    console.log(
      `${row.tenant_id.padEnd(width)}  ${row.status.padEnd(9)}  ${String(row.routes).padStart(6)}  ${row.name}`,
    );
  }
};

/** One line per destination: where it goes, never a secret. */
export const describeDestination = (destination: Destination): string => {
  switch (destination.type) {
    case 'http':
      return `http ${destination.url} (signed with ${destination.signing_secret_name})`;
    case 'email':
      return `email to ${destination.to.join(', ')}`;
    case 'chat':
      return `chat ${destination.system} ${destination.channel_id}`;
  }
};

const renderTenant = (tenant: TenantProfile, routes: readonly Route[]): string => {
  const lines = [`tenant ${tenant.tenant_id}: ${tenant.name} (${tenant.status})`];
  lines.push(tenant.integrations.length === 0 ? '  integrations: none' : '  integrations:');
  for (const integration of tenant.integrations) {
    lines.push(`    ${integration.system}  credentials in ${integration.credentials_secret_arn_or_name}`);
  }
  lines.push(routes.length === 0 ? '  routes: none' : '  routes:');
  for (const route of routes) {
    const state = route.enabled ? '' : '  (disabled)';
    lines.push(`    ${route.route_id}: ${route.match.provider} ${route.match.event_type}${state}`);
    if (route.match.filter) lines.push(`      filter ${JSON.stringify(route.match.filter)}`);
    if (route.transform) lines.push(`      transform ${route.transform.replace(/\s+/g, ' ')}`);
    lines.push(`      → ${describeDestination(route.destination)}`);
  }
  return lines.join('\n');
};

export const tenantsShow = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...TARGET_OPTIONS });
  if (values.help) return console.log(TENANTS_SHOW_USAGE);
  const [tenantId, ...extra] = positionals;
  if (!tenantId || extra.length > 0) throw new UsageError(`expected one <tenant>\n\n${TENANTS_SHOW_USAGE}`);
  const target = resolveTarget(values);
  const output = await withDirectory(target, (directory) => showTenant({ target, directory }, { tenantId }));
  if (values.json) return printJson(output);
  console.log(renderTenant(output.tenant, output.routes));
};
