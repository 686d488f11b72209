/**
 * Names shared by the sync functions, the stacks and local mode.
 *
 * sync-plan:   STAGE, TENANT_TABLE (tenant master data, mbc-cqrs data table), SYNC_BUCKET (plan JSONL and
 *              reports), POWERTOOLS_SERVICE_NAME=sync-plan
 * sync-step:   STAGE, TENANT_TABLE, SYNC_TABLE (mbc-cqrs `sync` module data table: history rows, run reports,
 *              user and group mappings, notification targets, internal users), SECRET_PREFIX,
 *              SLACK_API_BASE_URL, GRAPH_API_BASE_URL, GRAPH_LOGIN_BASE_URL, LINE_WORKS_API_BASE_URL,
 *              LINE_WORKS_AUTH_BASE_URL, MAX_IN_LAMBDA_WAIT_SECONDS (default 20; longer rate-limit waits go to
 *              the state machine's Wait state), POWERTOOLS_SERVICE_NAME=sync-step
 * sync-report: STAGE, SYNC_TABLE, SYNC_BUCKET, EMAIL_FROM, REPORT_EMAIL_TO (comma-separated),
 *              POWERTOOLS_SERVICE_NAME=sync-report
 * Local mode adds AWS_ENDPOINT_URL_{S3,DYNAMODB,SES,SECRETS_MANAGER} and LOCAL_SECRETS_FILE.
 */

/** The mbc-cqrs CommandModule `tableName` of sync results: `${stage}-tsunagi-sync-{command|data|history}`. */
export const SYNC_MODULE = 'sync';

/** Per-stage names, so stacks and local mode agree. */
export const syncResourceNames = (stage: string) => ({
  stateMachine: `tsunagi-${stage}-tenant-sync`,
  schedule: `tsunagi-${stage}-tenant-sync-daily`,
  scheduleDlq: `tsunagi-${stage}-tenant-sync-schedule-dlq`,
  syncTable: `${stage}-tsunagi-${SYNC_MODULE}-data`,
});

/** Where sync-plan writes a run's items (JSON lines, one SyncItem per line). */
export const planItemsKey = (runId: string): string => `runs/${encodeURIComponent(runId)}/items.jsonl`;

/** Where sync-report stores a run's report (JSON; HTML and text beside it). */
export const reportKey = (runId: string, ext: 'json' | 'html' | 'txt'): string =>
  `runs/${encodeURIComponent(runId)}/report.${ext}`;
