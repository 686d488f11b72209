import type { Metrics } from '../lib/report.ts';
import { round } from '../lib/stats.ts';
import { type Bundles, sizeKb } from './bundles.ts';

/** Minified bundle sizes with identical esbuild settings. */
export const measureBundleSize = (bundles: Bundles): Metrics => {
  const receiver = sizeKb(bundles.receiver);
  const reference = sizeKb(bundles.reference);
  return {
    'webhook.bundle_ratio': {
      value: round(receiver / reference),
      unit: 'x',
      goal: { op: '<=', value: 1.6 },
      detail: `receiver ${receiver.toFixed(0)} KiB / SQS-only reference ${reference.toFixed(0)} KiB (minified ESM)`,
    },
    'webhook.bundle_kb': { value: round(receiver, 1), unit: 'KiB', detail: 'minified receiver bundle' },
  };
};
