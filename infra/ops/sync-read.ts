import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { queryPrefix } from '../../shared/adapters/sync/dynamodb-sync-query.ts';
import { RUN_REPORT_PK, syncPk } from '../../shared/adapters/sync/sync-items.ts';
import { type SyncHistoryRow, SyncHistoryRowSchema } from '../../shared/sync/engine/outcome.ts';
import { syncResourceNames } from '../../shared/sync/workflow/config-names.ts';
import { ChatSystemSchema } from '../../shared/tenants/destinations.ts';
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

const syncTable = (target: Target) => syncResourceNames(target.stage).syncTable;

export const readHistory = async (
  target: Target,
  query: { tenantId: string; systemType?: string; limit: number },
): Promise<SyncHistoryRow[]> => {
  const client = target.dynamo();
  try {
    const items = await queryPrefix(client, syncTable(target), syncPk(query.tenantId), 'HISTORY#');
    const rows = items.flatMap((item) => {
      const parsed = SyncHistoryRowSchema.safeParse(item.attributes ?? item);
      return parsed.success && !item.isDeleted ? [parsed.data] : [];
    });
    return rows
      .filter((row) => !query.systemType || row.system_type === query.systemType)
      .sort((a, b) => b.started_at.localeCompare(a.started_at) || a.sync_id.localeCompare(b.sync_id))
      .slice(0, query.limit);
  } catch (error) {
    throw explainUnreachable(error, target);
  } finally {
    client.destroy();
  }
};

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
  const rows = await readHistory(target, { tenantId, systemType: system, limit });
  if (values.json) return printJson({ target: target.label, tenant_id: tenantId, rows });
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

interface ReportItem {
  readonly run_id: string;
  readonly status: string;
  readonly dry_run: boolean;
  readonly tenant_counts: Record<string, number>;
  readonly location?: { readonly bucket: string; readonly keys: { json: string; html: string; txt: string } };
}

const readObject = async (target: Target, bucket: string, key: string): Promise<string | null> => {
  const endpoint = target.dynamoEndpoint ? runningPlatformEndpoints().objectStoreEndpoint : undefined;
  const credentials = endpoint ? { accessKeyId: 'local', secretAccessKey: 'local' } : undefined;
  const s3 = new S3Client({
    region: target.region,
    endpoint,
    forcePathStyle: Boolean(endpoint),
    credentials,
  });
  try {
    const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await answer.Body?.transformToString('utf8')) ?? null;
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey') return null;
    throw error;
  } finally {
    s3.destroy();
  }
};

export const readReport = async (
  target: Target,
  runId: string,
): Promise<{ item: ReportItem; text: string | null; json: unknown }> => {
  const client = target.dynamo();
  let item: ReportItem | undefined;
  try {
    const answer = await client.send(
      new GetItemCommand({
        TableName: syncTable(target),
        Key: marshall({ pk: RUN_REPORT_PK, sk: `REPORT#${runId}` }),
      }),
    );
    const raw = answer.Item ? unmarshall(answer.Item) : undefined;
    item = raw ? ((raw.attributes ?? raw) as ReportItem) : undefined;
  } catch (error) {
    throw explainUnreachable(error, target);
  } finally {
    client.destroy();
  }
  if (!item)
    throw new NotFoundError(
      `no report for run "${runId}" in ${target.label} (still running, or not a run id)`,
    );
  const location = item.location;
  const text = location ? await readObject(target, location.bucket, location.keys.txt) : null;
  const json = location ? await readObject(target, location.bucket, location.keys.json) : null;
  return { item, text, json: json ? JSON.parse(json) : null };
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
