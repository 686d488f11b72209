import type { Context } from 'aws-lambda';
import { runStep } from '../../shared/sync/usecases/index.ts';
import { type ChildState, SyncStepInputSchema } from '../../shared/sync/workflow/contract.ts';
import { buildSyncStepDependencies } from './dependencies.ts';
import { parseSyncStepEnv } from './env.ts';
import { logger, metrics, recordStep, withChildKeys } from './telemetry.ts';

const env = parseSyncStepEnv(process.env);
const deps = buildSyncStepDependencies(env);

/**
 * One step of a tenant × system child workflow: token → users → teams → notifications → history. Answers the next
 * ChildState; a store outage or a bug is thrown, for the state machine's Retry and Catch.
 */
export const handler = async (event: unknown, context?: Context): Promise<ChildState> => {
  const input = SyncStepInputSchema.parse(event);
  withChildKeys(input.state.item);
  if (context !== undefined) logger.addContext(context);
  try {
    const result = await runStep(input.step, input.state, deps);
    recordStep(input.step, result, deps.now());
    return result.state;
  } catch (error) {
    logger.error('step failed; the state machine retries or records FAILED', { step: input.step, error });
    throw error;
  } finally {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  }
};
