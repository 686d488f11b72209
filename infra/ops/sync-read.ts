import { S3Client } from '@aws-sdk/client-s3';
import { DynamoDbSyncResults } from '../../shared/adapters/ops/dynamodb-sync-results.ts';
import {
  readSyncHistory,
  readSyncReport,
  type SyncReadPorts,
  type SyncReport,
  syncHistory as syncHistoryOf,
} from '../../shared/ops/sync-reads.ts';
import type { SyncHistoryRow } from '../../shared/sync/engine/outcome.ts';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import { ChatSystemSchema } from '../../shared/tenants/destinations.ts';
import {
  COMMON_HELP,
  COMMON_OPTIONS,
  parseCommand,
  printJson,
  TARGET_HELP,
  TARGET_OPTIONS,
  UsageError,
} from './cli.ts';
import { runningPlatformEndpoints } from './sync-local.ts';
import { explainUnreachable, resolveTarget, type Target } from './target.ts';

/** `sync history` and `sync report`: a tenant's sync history rows and a run's report, read back. */

export const SYNC_HISTORY_USAGE = `Usage: npm run ops -- sync history --tenant-id <id> (--local | --stage <s>) [options]

Lists a tenant's sync history (the spec's 外部システム同期履歴), newest first: one row per run × system × sync
type with its status, the counts processed / created / updated / deleted, and the error message.

  --tenant-id <id>          the tenant (required)
  --system-type <s>         only SLACK, TEAMS or LINE_WORKS
  --limit <n>               at most this many rows (default 20)
${TARGET_HELP}
${COMMON_HELP}`;

export const SYNC_REPORT_USAGE = `Usage: npm run ops -- sync report <run id> (--local | --stage <s>) [options]

Prints a run's report: its status, tenants per status, and the per-tenant table the operators were mailed
(failures first). --json gives the stored report (the same JSON the report function wrote to the bucket).

${TARGET_HELP}
${COMMON_HELP}`;

/** The target's sync results, each DynamoDB read explaining an unreachable local stand-in. */
const withResults = async <T>(target: Target, use: (ports: SyncReadPorts) => Promise<T>): Promise<T> => {
  const client = target.dynamo();
  const objectStore = target.dynamoEndpoint ? runningPlatformEndpoints().objectStoreEndpoint : undefined;
  const s3 = () =>
    new S3Client({
      region: target.region,
      endpoint: objectStore,
      forcePathStyle: Boolean(objectStore),
      credentials: objectStore ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined,
    });
  const results = new DynamoDbSyncResults(client, syncResourceNames(target.stage).syncTable, s3);
  const explain = (error: unknown): never => {
    throw explainUnreachable(error, target);
  };
  try {
    return await use({
      target,
      results: {
        historyRows: (tenantId) => results.historyRows(tenantId).catch(explain),
        reportItem: (runId) => results.reportItem(runId).catch(explain),
        reportObject: (bucket, key) => results.reportObject(bucket, key),
      },
    });
  } finally {
    client.destroy();
  }
};

/** A tenant's history rows, newest first (the integration tests read them as the command does). */
export const readHistory = (
  target: Target,
  query: { tenantId: string; systemType?: string; limit: number },
): Promise<SyncHistoryRow[]> => withResults(target, (ports) => readSyncHistory(ports, query));

/** A run's report item, its text and its stored JSON. */
export const readReport = (target: Target, runId: string): Promise<SyncReport> =>
  withResults(target, (ports) => readSyncReport(ports, { runId }));

export const syncHistory = async (args: string[]): Promise<void> => {
  const options = {
    ...COMMON_OPTIONS,
    ...TARGET_OPTIONS,
    'tenant-id': { type: 'string' },
    'system-type': { type: 'string' },
    limit: { type: 'string' },
  } as const;
  const { values, positionals } = parseCommand(args, options);
  if (values.help) return console.log(SYNC_HISTORY_USAGE);
  if (positionals.length > 0) throw new UsageError(`unexpected "${positionals[0]}"\n\n${SYNC_HISTORY_USAGE}`);
  const tenantId = values['tenant-id'];
  if (!tenantId) throw new UsageError(`--tenant-id is required\n\n${SYNC_HISTORY_USAGE}`);
  const system = values['system-type']?.toUpperCase();
  if (system && !ChatSystemSchema.safeParse(system).success)
    throw new UsageError(`--system-type: one of ${ChatSystemSchema.options.join(', ')}`);
  const limit = Number(values.limit ?? 20);
  if (!Number.isInteger(limit) || limit < 1) throw new UsageError('--limit: a positive whole number');
  const target = resolveTarget(values);
  const output = await withResults(target, (ports) =>
    syncHistoryOf(ports, { tenantId, systemType: system, limit }),
  );
  if (values.json) return printJson(output);
  const { rows } = output;
  if (rows.length === 0) return console.log(`No sync history for ${tenantId} in ${target.label}.`);
  console.log('started at            status   system      type           proc/crt/upd/del  error');
  for (const row of rows) {
    const counts = `${row.processed_count}/${row.created_count}/${row.updated_count}/${row.deleted_count}`;
    console.log(
      `${row.started_at.slice(0, 19).padEnd(20)}  ${row.status.padEnd(7)}  ${row.system_type.padEnd(10)}  ` +
        `${row.sync_type.padEnd(13)}  ${counts.padEnd(16)}  ${row.error_message ?? ''}`.trimEnd(),
    );
  }
};

export const syncReport = async (args: string[]): Promise<void> => {
  const { values, positionals } = parseCommand(args, { ...COMMON_OPTIONS, ...TARGET_OPTIONS });
  if (values.help) return console.log(SYNC_REPORT_USAGE);
  const [runId, ...extra] = positionals;
  if (!runId || extra.length > 0) throw new UsageError(`expected one <run id>\n\n${SYNC_REPORT_USAGE}`);
  const target = resolveTarget(values);
  const report = await readReport(target, runId);
  if (values.json) return printJson({ target: target.label, ...report.item, report: report.json });
  const counts = Object.entries(report.item.tenant_counts)
    .map(([status, n]) => `${n} ${status}`)
    .join(', ');
  console.log(
    `run ${runId}: ${report.item.status}${report.item.dry_run ? ' (dry run)' : ''}; tenants: ${counts}`,
  );
  if (report.text) console.log(`\n${report.text}`);
};
