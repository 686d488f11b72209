import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
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

// Each server runs in a child process of its own, so the load generator never competes with it in one loop. Node
// itself is the child (with tsx's loader), not the tsx command, so the child's pid is the server's.
const startServer = (script: string, env: Record<string, string>): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, script)], {
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

// CPU seconds (user + system) a child has used, from /proc (Linux counts them in 1/100 s); null elsewhere.
const cpuSeconds = (pid: number | undefined): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

interface LoadResult {
  readonly perSecond: number;
  /** The server's CPU time per answered request, in µs; null where /proc is unavailable. */
  readonly cpuUsPerRequest: number | null;
}

const load = async (server: Server, seconds: number, connections: number): Promise<LoadResult> => {
  const body = oneKibBody();
  const cpuBefore = cpuSeconds(server.child.pid);
  const result = await autocannon({
    url: `${server.url}/webhooks/generic/${BENCH_TENANT}`,
    method: 'POST',
    headers: genericHeaders(body),
    body,
    connections,
    duration: seconds,
  });
  const cpuAfter = cpuSeconds(server.child.pid);
  const answered = result.requests.total;
  if (result.errors > 0 || result.non2xx > 0 || answered === 0) {
    throw new Error(
      `load on ${server.url}: ${result.errors} errors, ${result.non2xx} non-2xx of ${answered} (${JSON.stringify(result.statusCodeStats)})`,
    );
  }
  const cpuUsPerRequest =
    cpuBefore === null || cpuAfter === null ? null : ((cpuAfter - cpuBefore) * 1e6) / answered;
  return { perSecond: result.requests.average, cpuUsPerRequest };
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
    await load(platform, 1, connections);
    await load(baseline, 1, connections);
    // Rounds alternate which server goes first, and each round's ratio pairs two runs a few seconds apart, so
    // the machine's drift (other tenants, the stand-ins' growing queues) moves both sides of a ratio alike.
    const p: LoadResult[] = [];
    const b: LoadResult[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const platformFirst = r % 2 === 1;
      const first = await load(platformFirst ? platform : baseline, seconds, connections);
      const second = await load(platformFirst ? baseline : platform, seconds, connections);
      const [pr, br] = platformFirst ? [first, second] : [second, first];
      p.push(pr);
      b.push(br);
      ratios.push(pr.perSecond / br.perSecond);
    }
    const [pm, bm] = [median(p.map((x) => x.perSecond)), median(b.map((x) => x.perSecond))];
    return {
      'webhook.http_throughput_ratio': {
        value: round(median(ratios)),
        unit: 'x',
        goal: { op: '>=', value: 0.8 },
        detail:
          `median of ${rounds} paired rounds of ${seconds} s at ${connections} connections, 1 KiB ` +
          `(round ratios ${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)}): local mode ` +
          `(receiver path; consumers off) ${pm.toFixed(0)} req/s / bare verify+SendMessage server ${bm.toFixed(0)} req/s` +
          cpuDetail(p, b),
      },
    };
  } finally {
    for (const server of [platform, baseline]) {
      server.child.removeAllListeners('exit');
      server.child.kill('SIGTERM');
    }
  }
};

// Each server's own CPU per request: steadier than requests/s on a shared machine, and it shows where a gap is.
const cpuDetail = (platform: readonly LoadResult[], baseline: readonly LoadResult[]): string => {
  const cpu = (runs: readonly LoadResult[]) => runs.map((r) => r.cpuUsPerRequest).filter((c) => c !== null);
  const [pc, bc] = [cpu(platform), cpu(baseline)];
  if (pc.length === 0 || bc.length === 0) return '';
  return `; server CPU per request ${median(pc).toFixed(0)} µs / ${median(bc).toFixed(0)} µs`;
};
