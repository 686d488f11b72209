import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DEFAULT_RETRY_SCHEDULES, nextAttempt } from '../../shared/delivery/schedule/retry-schedule.ts';
import type { Metrics } from '../lib/report.ts';

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

interface ScenarioResult {
  readonly delivered: number;
  readonly records: number;
  readonly workerRequests: number;
  readonly pollerRequests: number;
  readonly requeues: number;
  readonly handlerMs: number;
  readonly byOperation: Record<string, number>;
}

interface RunResult {
  readonly events: number;
  readonly outageMs: number;
  readonly baseline: ScenarioResult;
  readonly outage: ScenarioResult;
  readonly deadLettered: number;
}

const run = (events: number): Promise<RunResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(import.meta.dirname, 'retry-run.ts')], {
      env: { ...process.env, RETRY_BENCH_EVENTS: String(events) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => {
      const line = stdout.trim().split('\n').at(-1) ?? '';
      if (code === 0 && line.startsWith('{')) resolve(JSON.parse(line) as RunResult);
      else reject(new Error(`retry bench exited (${code}): ${stderr.slice(-800)}`));
    });
  });

/**
 * The earliest the http schedule's last attempt can come, over the extreme jitter draws and many random ones:
 * an outage shorter than this ends before any delivery gives up. Computed with the worker's own planner.
 */
const survivableOutageMs = (): number => {
  const schedule = DEFAULT_RETRY_SCHEDULES.http;
  const draws: (() => number)[] = [() => 0, () => 0.5, () => 0.999_999];
  for (let i = 0; i < 500; i += 1) draws.push(Math.random);
  let earliest = Number.POSITIVE_INFINITY;
  for (const random of draws) {
    let now = 0;
    for (let attempts = 1; ; attempts += 1) {
      const next = nextAttempt(schedule, { attempts, firstFailedAt: 0, retryAfterMs: null, now }, random);
      if (next.kind === 'exhausted') break;
      now = next.at;
    }
    earliest = Math.min(earliest, now);
  }
  return earliest;
};

/** `delivery.retry_wait_in_lambda_ms`, `delivery.retry_requests_per_attempt`, `delivery.outage_horizon_hours`. */
export const measureRetry = async (quick: boolean): Promise<Metrics> => {
  const result = await run(quick ? 10 : 20);
  const { baseline, outage, events } = result;
  if (outage.delivered !== events || baseline.delivered !== events || result.deadLettered !== 0) {
    throw new Error(`retry bench lost deliveries: ${JSON.stringify(result)}`);
  }
  const retries = outage.requeues;
  const extraRequests =
    outage.workerRequests + outage.pollerRequests - (baseline.workerRequests + baseline.pollerRequests);
  const extraLambdaMs = outage.handlerMs - baseline.handlerMs;
  const ops = Object.entries(outage.byOperation)
    .map(([name, count]) => `${name.replace(/^.*\./, '')} ${count}`)
    .join(', ');
  const horizonHours = survivableOutageMs() / 3_600_000;
  return {
    'delivery.retry_wait_in_lambda_ms': {
      value: extraLambdaMs / retries,
      unit: 'ms',
      goal: { op: '<=', value: 50 },
      detail:
        `real worker handler on dynalite + local-aws-sqs: ${events} events, endpoint down ${result.outageMs} ms ` +
        `(schedule ÷ 1,000,000, waits floored at 1 s), ${retries} scheduled retries; whole handler time ` +
        `(outage ${outage.handlerMs.toFixed(0)} ms − same events with the endpoint up ${baseline.handlerMs.toFixed(0)} ms) ` +
        'per retry, an upper bound of the time spent waiting',
    },
    'delivery.retry_requests_per_attempt': {
      value: extraRequests / retries,
      unit: 'requests',
      goal: { op: '<=', value: 4 },
      detail:
        `SQS + DynamoDB requests counted at proxies in front of the stand-ins, plus the poller's non-empty ` +
        `receives and delete batches, minus the same events delivered at once; outage: ${ops}; poller ` +
        `${outage.pollerRequests} for ${outage.records} records`,
    },
    'delivery.outage_horizon_hours': {
      value: horizonHours,
      unit: 'h',
      goal: { op: '>=', value: 72 },
      detail:
        'earliest last attempt of the default http schedule over jitter draws 0, 0.5, 1 and 500 random ' +
        `sequences, from the worker's planner; the scaled run above delivered ${outage.delivered}/${events} ` +
        `after the outage, ${result.deadLettered} dead-lettered`,
    },
  };
};
