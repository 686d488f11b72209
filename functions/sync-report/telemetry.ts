import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, SYNC_REPORT_METRICS } from '../../shared/kernel/metric-names.ts';
import type { SyncReportOutput } from '../../shared/sync/workflow/contract.ts';

/** sync-report's only logger; every line carries the run_id. */
export const logger = new Logger({ serviceName: 'sync-report' });
/** RunSucceeded / RunPartial / RunFailed, and the tenants failed or partial in the run. */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'sync-report' });

const RUN_METRIC = {
  SUCCESS: SYNC_REPORT_METRICS.RunSucceeded,
  PARTIAL: SYNC_REPORT_METRICS.RunPartial,
  FAILED: SYNC_REPORT_METRICS.RunFailed,
} as const;

/** One line and the metrics for a reported run. */
export const recordReport = (output: SyncReportOutput): void => {
  logger.info('run reported', { ...output });
  metrics.addMetric(RUN_METRIC[output.status], MetricUnit.Count, 1);
  metrics.addMetric(SYNC_REPORT_METRICS.SyncFailed, MetricUnit.Count, output.failed);
  metrics.addMetric(SYNC_REPORT_METRICS.SyncPartial, MetricUnit.Count, output.partial);
  metrics.addMetric(
    SYNC_REPORT_METRICS.SyncSucceeded,
    MetricUnit.Count,
    output.tenants - output.failed - output.partial,
  );
};
