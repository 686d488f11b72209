/**
 * Resource names shared by the sync functions, the stacks and local mode. Each function's environment variables
 * are its env contract (`SYNC_PLAN_ENV`, `SYNC_STEP_ENV`, `SYNC_REPORT_ENV` in functions/<name>/env.ts), which
 * the stacks are typed against and test/infra/env-contract.test.ts checks for every stage and local mode.
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
