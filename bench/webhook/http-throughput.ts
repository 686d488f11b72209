import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import autocannon from 'autocannon';
import type { Metrics } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import { BENCH_SECRET, BENCH_TENANT, genericHeaders, oneKibBody } from './fixtures.ts';

interface Server {
  readonly url: string;
  readonly child: ChildProcess;
}

const TSX = join(import.meta.dirname, '..', '..', 'node_modules', '.bin', 'tsx');

// Each server runs in a child process of its own, so the load generator never competes with it in one loop.
const startServer = (script: string, env: Record<string, string>): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(TSX, [join(import.meta.dirname, script)], {
      env: { ...process.env, ...env, POWERTOOLS_METRICS_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', process.env.BENCH_DEBUG ? 'inherit' : 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => reject(new Error(`${script} exited (${code}): ${stderr.slice(-500)}`)));
    createInterface({ input: child.stdout! }).once('line', (line) =>
      resolve({ url: JSON.parse(line).url, child }),
    );
  });

const load = async (url: string, seconds: number, connections: number): Promise<number> => {
  const body = oneKibBody();
  const result = await autocannon({
    url: `${url}/webhooks/generic/${BENCH_TENANT}`,
    method: 'POST',
    headers: genericHeaders(body),
    body,
    connections,
    duration: seconds,
  });
  const answered = result.requests.total;
  if (result.errors > 0 || result.non2xx > 0 || answered === 0) {
    throw new Error(
      `load on ${url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${answered} (${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  return result.requests.average;
};

/** Requests/s of local mode for signed webhooks ÷ a bare verify-and-enqueue server, both on the SQS stand-in. */
export const measureHttpThroughput = async (seconds = 4, rounds = 5, connections = 50): Promise<Metrics> => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagi-bench-'));
  const secretsFile = join(dir, 'secrets.json');
  const secretString = JSON.stringify({ signingSecrets: [BENCH_SECRET] });
  writeFileSync(
    secretsFile,
    JSON.stringify({ [`tsunagi/local/${BENCH_TENANT}/webhooks/generic`]: secretString }),
  );
  const platform = await startServer('serve-platform.ts', { BENCH_SECRETS_FILE: secretsFile });
  const baseline = await startServer('serve-baseline.ts', { BENCH_SECRET });
  try {
    // Warm both (JIT, sockets) before measuring; signatures are made per run to stay inside the 300 s window.
    await load(platform.url, 1, connections);
    await load(baseline.url, 1, connections);
    // Rounds alternate which server goes first, and each round's ratio pairs two runs a few seconds apart, so
    // the machine's drift (other tenants, the stand-ins' growing queues) moves both sides of a ratio alike.
    const p: number[] = [];
    const b: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const order = r % 2 === 0 ? [baseline, platform] : [platform, baseline];
      const [first, second] = [
        await load(order[0]!.url, seconds, connections),
        await load(order[1]!.url, seconds, connections),
      ];
      const [pr, br] = order[0] === platform ? [first, second] : [second, first];
      p.push(pr);
      b.push(br);
      ratios.push(pr / br);
    }
    const [pm, bm] = [median(p), median(b)];
    const ratio = median(ratios);
    return {
      'webhook.http_throughput_ratio': {
        value: round(ratio),
        unit: 'x',
        goal: { op: '>=', value: 0.8 },
        detail:
          `median of ${rounds} paired rounds of ${seconds} s at ${connections} connections, 1 KiB ` +
          `(round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}): local mode ` +
          `(receiver path; consumers off) ${pm.toFixed(0)} req/s / bare verify+SendMessage server ${bm.toFixed(0)} req/s`,
      },
    };
  } finally {
    for (const server of [platform, baseline]) {
      server.child.removeAllListeners('exit');
      server.child.kill('SIGTERM');
    }
  }
};
