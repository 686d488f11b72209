import { spawn } from 'node:child_process';
import { join } from 'node:path';
import type { Metrics } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import { startAwsStub } from './aws-stub.ts';
import type { Bundles } from './bundles.ts';
import { BENCH_SECRET, oneKibBody, receiverEnv, signedEvent } from './fixtures.ts';

const RUNNER = join(import.meta.dirname, 'cold-runner.mjs');

// Asynchronous on purpose: the AWS stub answering the child lives in this process's event loop.
const runOnce = (bundle: string, env: Record<string, string>): Promise<number> =>
  new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(process.execPath, [RUNNER, bundle], {
      env: { PATH: process.env.PATH, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const elapsedMs = Number(process.hrtime.bigint() - started) / 1e6;
      if (code === 0) resolve(elapsedMs);
      else reject(new Error(`cold start run of ${bundle} failed (exit ${code}): ${stderr.slice(0, 500)}`));
    });
  });

/** Whole-process time of a fresh node loading each bundle and handling one request, runs interleaved. */
export const measureColdStart = async (bundles: Bundles, runs = 21): Promise<Metrics> => {
  const stub = await startAwsStub(JSON.stringify({ signingSecrets: [BENCH_SECRET] }));
  try {
    const env = { ...receiverEnv(stub.endpoint), BENCH_EVENT: '' };
    const receiver: number[] = [];
    const reference: number[] = [];
    await runOnce(bundles.receiver, { ...env, BENCH_EVENT: JSON.stringify(signedEvent(oneKibBody())) });
    for (let i = 0; i < runs; i += 1) {
      // Sign per run: the generic scheme's timestamp window would reject a stale signature.
      receiver.push(
        await runOnce(bundles.receiver, { ...env, BENCH_EVENT: JSON.stringify(signedEvent(oneKibBody())) }),
      );
      reference.push(
        await runOnce(bundles.reference, { ...env, BENCH_EVENT: JSON.stringify({ body: oneKibBody() }) }),
      );
    }
    const [r, b] = [median(receiver), median(reference)];
    return {
      'webhook.cold_start_ratio': {
        value: round(r / b),
        unit: 'x',
        goal: { op: '<=', value: 1.2 },
        detail: `median of ${runs} fresh processes: receiver ${r.toFixed(1)} ms / SQS-only reference ${b.toFixed(1)} ms`,
      },
    };
  } finally {
    await stub.close();
  }
};
