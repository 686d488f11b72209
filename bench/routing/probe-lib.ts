import { documentLoader } from '../../shared/routing/event-document.ts';
import { selectRoutes } from '../../shared/tenants/select-routes.ts';
import { compileTransform } from '../../shared/tenants/transforms/compile-transform.ts';
import { runTransform } from '../../shared/tenants/transforms/run-transform.ts';
import { median, timeLoop } from '../lib/stats.ts';
import {
  benchEnvelope,
  filteredRoutes,
  shopifyOrderDocument,
  stripeChargeBody,
  TYPICAL_TRANSFORM,
} from './fixtures.ts';

/** Rounds and iterations per round, from the probe's arguments. */
export interface ProbeSize {
  readonly rounds: number;
  readonly iterations: number;
}

export const probeSize = (): ProbeSize => {
  const [rounds, iterations] = process.argv.slice(2).map(Number);
  return { rounds: rounds ?? 9, iterations: iterations ?? 1000 };
};

/** Median µs per call over the rounds; the first round warms the JIT and the caches and is dropped. */
const timed = async (size: ProbeSize, fn: () => unknown): Promise<number> => {
  const samples: number[] = [];
  for (let i = 0; i <= size.rounds; i++) samples.push(await timeLoop(size.iterations, fn));
  return median(samples.slice(1));
};

/** One event against 100 filtered routes on a 16 KiB body: all of it, the document alone, the filters alone. */
export const probeMatch = async (size: ProbeSize) => {
  const envelope = benchEnvelope(stripeChargeBody(16 * 1024));
  const routes = filteredRoutes(100);
  const event = { provider: envelope.provider, event_type: envelope.event_type };
  const ready = await documentLoader(envelope)();
  const first = await selectRoutes(routes, event, async () => ready);
  return {
    per_event: await timed(size, () => selectRoutes(routes, event, documentLoader(envelope))),
    document: await timed(size, () => documentLoader(envelope)()),
    filters: await timed(size, () => selectRoutes(routes, event, async () => ready)),
    matched: first.matched.length,
  };
};

/** One evaluation of the typical reshaping, compiled once. */
export const probeTransform = async (size: ProbeSize) => {
  const compiled = compileTransform(TYPICAL_TRANSFORM);
  const document = shopifyOrderDocument();
  const output = JSON.stringify(await runTransform(compiled, document));
  return {
    per_event: await timed(size, () => runTransform(compiled, document)),
    output_bytes: output.length,
  };
};
