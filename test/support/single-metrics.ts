import type { Metrics } from '@aws-lambda-powertools/metrics';
import { vi } from 'vitest';

/** One metric emitted through `metrics.singleMetric()`, with the dimensions it carried. */
export interface EmittedMetric {
  readonly name: string;
  readonly dimensions: Record<string, string>;
}

/**
 * Records what the code under test emits as single metrics (per-record dimensions) until
 * `vi.restoreAllMocks()`; the returned list fills as metrics are added.
 */
export const recordSingleMetrics = (metrics: Metrics): EmittedMetric[] => {
  const emitted: EmittedMetric[] = [];
  vi.spyOn(metrics, 'singleMetric').mockImplementation(() => {
    const dimensions: Record<string, string> = {};
    return {
      addDimension: (name: string, value: string) => {
        dimensions[name] = value;
      },
      addMetric: (name: string) => {
        emitted.push({ name, dimensions });
      },
    } as unknown as Metrics;
  });
  return emitted;
};
