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

// CPU seconds (user + system) of a child's main thread, the one its JavaScript runs on, from /proc (Linux counts
// them in 1/100 s); null elsewhere. Under load that thread is the one that is busy all the time, so its time per
// request is what sets requests/s (GC and I/O helper threads run beside it).
const mainThreadCpuSeconds = (pid: number | undefined): number | null => {
  try {
    const fields = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
};

interface LoadResult {
  readonly perSecond: number;
  /** The server's main-thread CPU time per answered request, in µs; null where /proc is unavailable. */
  readonly cpuUsPerRequest: number | null;
}

const load = async (server: Server, seconds: number, connections: number): Promise<LoadResult> => {
  const body = oneKibBody();
  const cpuBefore = mainThreadCpuSeconds(server.child.pid);
  const result = await autocannon({
    url: `${server.url}/webhooks/generic/${BENCH_TENANT}`,
    method: 'POST',
    headers: genericHeaders(body),
    body,
    connections,
    duration: seconds,
  });
  const cpuAfter = mainThreadCpuSeconds(server.child.pid);
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

/**
 * Requests/s of local mode for signed webhooks ÷ a bare verify-and-enqueue server, both on the SQS stand-in; and
 * the same for the bridge floor (serve-bridge-floor.ts), which shows how much of the gap is the handler's logic.
 */
export const measureHttpThroughput = async (seconds = 4, rounds = 5, connections = 50): Promise<Metrics> => {
  const dir = mkdtempSync(join(tmpdir(), 'tsunagi-bench-'));
  const secretsFile = join(dir, 'secrets.json');
  const secretString = JSON.stringify({ signingSecrets: [BENCH_SECRET] });
  writeFileSync(
    secretsFile,
    JSON.stringify({ [`tsunagi/local/${BENCH_TENANT}/webhooks/generic`]: secretString }),
  );
  // Started inside the try, so a server that fails to start never leaves the others running.
  const servers: Server[] = [];
  try {
    servers.push(await startServer('serve-platform.ts', { BENCH_SECRETS_FILE: secretsFile }));
    servers.push(await startServer('serve-baseline.ts', { BENCH_SECRET }));
    servers.push(await startServer('serve-bridge-floor.ts', { BENCH_SECRET }));
    // Warm each (JIT, sockets) before measuring; signatures are made per run to stay inside the 300 s window.
    for (const server of servers) await load(server, 1, connections);
    // Each round runs the three a few seconds apart and the order rotates, so the machine's drift (other
    // tenants, the stand-ins' growing queues) moves both sides of each round's ratio alike.
    const runs: [LoadResult[], LoadResult[], LoadResult[]] = [[], [], []];
    const ratios: number[] = [];
    const floorRatios: number[] = [];
    for (let r = 0; r < rounds; r += 1) {
      const results: LoadResult[] = [];
      for (let k = 0; k < servers.length; k += 1) {
        const i = (r + k) % servers.length;
        results[i] = await load(servers[i]!, seconds, connections);
        runs[i]!.push(results[i]!);
      }
      const [p, b, f] = results as [LoadResult, LoadResult, LoadResult];
      ratios.push(p.perSecond / b.perSecond);
      floorRatios.push(f.perSecond / b.perSecond);
    }
    const [pm, bm, fm] = runs.map((x) => median(x.map((y) => y.perSecond))) as [number, number, number];
    const range = (xs: readonly number[]) => `${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}`;
    const how = `median of ${rounds} rounds of ${seconds} s at ${connections} connections, 1 KiB`;
    return {
      'webhook.http_throughput_ratio': {
        value: round(median(ratios)),
        unit: 'x',
        goal: { op: '>=', value: 0.8 },
        detail:
          `${how} (round ratios ${range(ratios)}): local mode (receiver path; consumers off) ${pm.toFixed(0)} ` +
          `req/s / bare verify+SendMessage server ${bm.toFixed(0)} req/s` +
          cpuDetail(runs[0], runs[1]),
      },
      'webhook.http_throughput_floor_ratio': {
        value: round(median(floorRatios)),
        unit: 'x',
        detail:
          `${how} (round ratios ${range(floorRatios)}): the same bridge with a handler that only checks the ` +
          `HMAC and sends an envelope with its four attributes ${fm.toFixed(0)} req/s / the bare server ` +
          `${bm.toFixed(0)} req/s` +
          cpuDetail(runs[2], runs[1]),
      },
    };
  } finally {
    for (const server of servers) {
      server.child.removeAllListeners('exit');
      server.child.kill('SIGTERM');
    }
  }
};

// Each server's own main-thread CPU per request: steadier than requests/s on a shared machine, and it shows
// where a gap is.
const cpuDetail = (platform: readonly LoadResult[], baseline: readonly LoadResult[]): string => {
  const cpu = (runs: readonly LoadResult[]) => runs.map((r) => r.cpuUsPerRequest).filter((c) => c !== null);
  const [pc, bc] = [cpu(platform), cpu(baseline)];
  if (pc.length === 0 || bc.length === 0) return '';
  return `; main-thread CPU per request ${median(pc).toFixed(0)} µs / ${median(bc).toFixed(0)} µs`;
};
