// Local mode for the throughput benchmark: the real platform (bridge → receiver → SQS stand-in) on free ports,
// with a secrets file that holds the bench tenant's secret. Prints its URL on stdout, runs until killed.
import { startLocal } from '../../infra/local/platform.ts';

const platform = await startLocal({
  port: 0,
  sqsPort: 0,
  objectStorePort: 0,
  secretsFile: process.env.BENCH_SECRETS_FILE!,
  logLevel: 'WARN',
  // The front door only, like the baseline: no router/worker draining the queue and no sync in this process.
  consumers: false,
  sync: false,
});
console.log(JSON.stringify({ url: platform.baseUrl }));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void platform.stop().then(() => process.exit(0));
  });
}
