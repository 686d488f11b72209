import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { planRun } from '../../shared/sync/usecases/index.ts';
import { type SyncPlanOutput, SyncRunInputSchema } from '../../shared/sync/workflow/contract.ts';
import { buildSyncPlanDependencies } from './dependencies.ts';
import { parseSyncPlanEnv } from './env.ts';
import { logger, metrics } from './telemetry.ts';

const env = parseSyncPlanEnv(process.env);
const deps = buildSyncPlanDependencies(env);

/** Plan: active tenants × integrated systems after the run's filters, written as JSONL for the Distributed Map. */
export const handler = async (event: unknown, context?: Context): Promise<SyncPlanOutput> => {
  const input = SyncRunInputSchema.parse(event);
  logger.resetKeys();
  logger.appendKeys({
    run_id: input.run_id,
    tenant_id: input.tenant_id ?? '*',
    system_type: input.system_type ?? '*',
  });
  if (context !== undefined) logger.addContext(context);
  try {
    const output = await planRun(input, deps);
    logger.info('run planned', {
      item_count: output.item_count,
      items: output.items,
      dry_run: input.dry_run,
    });
    metrics.addMetric('SyncItemsPlanned', MetricUnit.Count, output.item_count);
    return output;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
