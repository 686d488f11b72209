import type { Context } from 'aws-lambda';
import { reportRun } from '../../shared/sync/usecases/index.ts';
import { SyncReportInputSchema, type SyncReportOutput } from '../../shared/sync/workflow/contract.ts';
import { buildSyncReportDependencies } from './dependencies.ts';
import { parseSyncReportEnv } from './env.ts';
import { logger, metrics, recordReport } from './telemetry.ts';

const env = parseSyncReportEnv(process.env);
const deps = buildSyncReportDependencies(env);

/** Report: aggregate the run, store its report (bucket + run-report item), mail operators an HTML + text summary. */
export const handler = async (event: unknown, context?: Context): Promise<SyncReportOutput> => {
  const input = SyncReportInputSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({ run_id: input.run_id, tenant_id: '*', system_type: '*' });
  if (context !== undefined) logger.addContext(context);
  try {
    const output = await reportRun(input, deps);
    recordReport(output);
    return output;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
