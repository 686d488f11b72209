import type { Metrics } from '../lib/report.ts';
import { rateLimitEfficiency } from './efficiency.ts';
import { writeFigures } from './writes.ts';

/** The three sync figures; `quick` shrinks the efficiency population to 300 tenants. */
export const measureSync = async (quick: boolean): Promise<Metrics> => ({
  ...(await rateLimitEfficiency(quick ? 300 : 1_000)),
  ...(await writeFigures(quick ? 20 : 50)),
});
