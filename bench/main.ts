import { parseArgs } from 'node:util';
import { measureConsole } from './console/measure.ts';
import { measureDelivery } from './delivery/measure.ts';
import { measureRetry } from './delivery/retry.ts';
import { type Metrics, meetsGoal, renderTable } from './lib/report.ts';
import { measureOps } from './ops/measure.ts';
import { measureRouting } from './routing/measure.ts';
import { measureSync } from './sync/measure.ts';
import { measureBundleSize } from './webhook/bundle-size.ts';
import { buildBundles } from './webhook/bundles.ts';
import { measureColdStart } from './webhook/cold-start.ts';
import { measureHandlerOverhead } from './webhook/handler-overhead.ts';
import { measureHttpThroughput } from './webhook/http-throughput.ts';

const USAGE = `Usage: npm run bench -- [--only <prefix>] [--json] [--quick]

Measures the figures the issues name, each as a ratio against a baseline measured in the same run.
  --only <prefix>  run only metrics whose name starts with the prefix (e.g. webhook, webhook.cold, delivery, sync, ops, routing, console)
  --json           print {"metrics": {"<name>": {"value", "unit", "goal", "detail"}}} instead of a table
  --quick          fewer samples (a smoke run; figures are noisier)
  -h, --help       print this help`;

interface Suite {
  /** Metric names the suite produces, so `--only` can skip it without running it. */
  readonly names: readonly string[];
  run(quick: boolean): Promise<Metrics>;
}

let bundles: Awaited<ReturnType<typeof buildBundles>> | undefined;
const getBundles = async () => {
  bundles ??= await buildBundles();
  return bundles;
};

const SUITES: readonly Suite[] = [
  {
    names: ['webhook.bundle_ratio', 'webhook.bundle_kb'],
    run: async () => measureBundleSize(await getBundles()),
  },
  {
    names: ['webhook.cold_start_ratio'],
    run: async (quick) => measureColdStart(await getBundles(), quick ? 7 : 21),
  },
  {
    names: ['webhook.handler_overhead_ratio'],
    run: (quick) => measureHandlerOverhead(quick ? 5_000 : 20_000),
  },
  {
    names: ['webhook.http_throughput_ratio', 'webhook.http_throughput_floor_ratio'],
    run: (quick) => measureHttpThroughput(quick ? 2 : 4, quick ? 1 : 5),
  },
  {
    names: ['delivery.batch_parallelism', 'delivery.overhead_ratio', 'delivery.overhead_floor_ratio'],
    run: (quick) => measureDelivery(quick),
  },
  {
    names: [
      'delivery.retry_wait_in_lambda_ms',
      'delivery.retry_requests_per_attempt',
      'delivery.outage_horizon_hours',
    ],
    run: (quick) => measureRetry(quick),
  },
  {
    names: ['sync.rate_limit_efficiency', 'sync.rerun_writes', 'sync.items_per_write_request'],
    run: (quick) => measureSync(quick),
  },
  {
    names: ['ops.redrive_rate_ratio'],
    run: (quick) => measureOps(quick),
  },
  {
    names: ['routing.match_us_per_event', 'routing.transform_us_per_event'],
    run: (quick) => measureRouting(quick),
  },
  {
    names: ['console.api_p95_ms', 'console.first_load_ms'],
    run: (quick) => measureConsole(quick),
  },
];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    json: { type: 'boolean' },
    quick: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const only = values.only ?? '';
const selected = SUITES.filter((suite) => suite.names.some((name) => name.startsWith(only)));
if (selected.length === 0) {
  console.error(
    `bench: no metric starts with "${only}"; known: ${SUITES.flatMap((s) => s.names).join(', ')}`,
  );
  process.exit(2);
}
const metrics: Metrics = {};
for (const [index, suite] of selected.entries()) {
  if (!values.json) process.stderr.write(`[${index + 1}/${selected.length}] ${suite.names.join(', ')} …\n`);
  for (const [name, metric] of Object.entries(await suite.run(values.quick ?? false))) {
    if (name.startsWith(only)) metrics[name] = metric;
  }
}
console.log(values.json ? JSON.stringify({ metrics }, null, 2) : renderTable(metrics));
const missed = Object.entries(metrics).filter(([, m]) => !meetsGoal(m));
if (!values.json && missed.length > 0) console.log(`\n${missed.length} metric(s) missed their goal.`);
