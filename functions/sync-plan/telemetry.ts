import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';

/** sync-plan's only logger; every line carries the run_id. */
export const logger = new Logger({ serviceName: 'sync-plan' });
/** Plan figures are logged; the run's outcome metrics come from sync-step and sync-report. */
export const metrics = new Metrics({ namespace: 'tsunagi', serviceName: 'sync-plan' });
