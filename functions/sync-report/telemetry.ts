import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { SyncReportOutput } from '../../shared/sync/workflow/contract.ts';

/** sync-report's only logger; every line carries the run_id. */
export const logger = new Logger({ serviceName: 'sync-report' });
/** RunSucceeded / RunPartial / RunFailed, and the tenants failed or partial in the run. */
export const metrics = new Metrics({ namespace: 'tsunagi', serviceName: 'sync-report' });

const RUN_METRIC = { SUCCESS: 'RunSucceeded', PARTIAL: 'RunPartial', FAILED: 'RunFailed' } as const;

/** One line and the metrics for a reported run. */
export const recordReport = (output: SyncReportOutput): void => {
  logger.info('run reported', { ...output });
  metrics.addMetric(RUN_METRIC[output.status], MetricUnit.Count, 1);
  metrics.addMetric('SyncFailed', MetricUnit.Count, output.failed);
  metrics.addMetric('SyncPartial', MetricUnit.Count, output.partial);
  metrics.addMetric('SyncSucceeded', MetricUnit.Count, output.tenants - output.failed - output.partial);
};
