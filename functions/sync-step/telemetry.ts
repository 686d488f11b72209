import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, SYNC_STEP_METRICS } from '../../shared/kernel/metric-names.ts';
import { type RunStepResult, toChildResult } from '../../shared/sync/usecases/index.ts';
import type { SyncItem, SyncStep } from '../../shared/sync/workflow/contract.ts';

/** sync-step's only logger: every line carries run_id, tenant_id and system_type, never a token. */
export const logger = new Logger({ serviceName: 'sync-step' });
/** SyncSucceeded / SyncPartial / SyncFailed (per child, at history), TokenRefreshFailures, RecordsWritten. */
export const metrics = new Metrics({ namespace: METRIC_NAMESPACE, serviceName: 'sync-step' });

const STATUS_METRIC = {
  SUCCESS: SYNC_STEP_METRICS.SyncSucceeded,
  PARTIAL: SYNC_STEP_METRICS.SyncPartial,
  FAILED: SYNC_STEP_METRICS.SyncFailed,
} as const;

/** Puts the child's keys on every line of this invocation (a container serves many children). */
export const withChildKeys = (item: SyncItem): void => {
  logger.resetKeys();
  logger.appendKeys({ run_id: item.run_id, tenant_id: item.tenant_id, system_type: item.system_type });
};

/** One line and the metrics for a finished step. */
export const recordStep = (step: SyncStep, result: RunStepResult, now: Date): void => {
  const { state } = result;
  const outcomes = state.outcomes.map((o) => ({
    sync_type: o.sync_type,
    status: o.status,
    counts: o.counts,
  }));
  if (state.wait_seconds !== null) {
    logger.info('rate limited: the state machine waits before re-running the step', {
      step,
      wait_seconds: state.wait_seconds,
    });
  } else if (state.fatal_error !== null && step !== 'history') {
    logger.error('the child cannot go on; later steps are skipped', { step, fatal_error: state.fatal_error });
  } else {
    logger.info('step done', { step, written: result.written, outcomes, dry_run: state.item.dry_run });
  }
  if (result.token_failed) metrics.addMetric(SYNC_STEP_METRICS.TokenRefreshFailures, MetricUnit.Count, 1);
  if (result.written > 0)
    metrics.addMetric(SYNC_STEP_METRICS.RecordsWritten, MetricUnit.Count, result.written);
  if (step === 'history')
    metrics.addMetric(STATUS_METRIC[toChildResult(state, now).status], MetricUnit.Count, 1);
};
