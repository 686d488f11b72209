import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE } from '../../shared/kernel/metric-names.ts';

/** sync-plan's only logger; every line carries the run_id. */
export const logger = new Logger({ serviceName: 'sync-plan' });
/** Plan figures are logged; the run's outcome metrics come from sync-step and sync-report. */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'sync-plan' });
