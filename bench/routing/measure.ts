import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { LAMBDA_BUNDLING } from '../../infra/bundling.ts';
import type { Metrics } from '../lib/report.ts';
import { round } from '../lib/stats.ts';

const OUT_DIR = join(import.meta.dirname, '..', 'out');

/**
 * Each figure is taken in a process of its own that runs a bundle built with the deployed functions'
 * esbuild settings and loads that function's modules. Both matter: JSONata allocates a frame and a promise
 * per step, and under tsx with the worker's modules around it ran about twice as slow as in the bundle.
 */
const bundle = async (name: string): Promise<string> => {
  mkdirSync(OUT_DIR, { recursive: true });
  const outfile = join(OUT_DIR, `routing-${name}.mjs`);
  await build({
    entryPoints: [join(import.meta.dirname, `${name}.ts`)],
    outfile,
    bundle: true,
    logLevel: 'error',
    target: LAMBDA_BUNDLING.target,
    format: LAMBDA_BUNDLING.format,
    platform: LAMBDA_BUNDLING.platform,
    minify: LAMBDA_BUNDLING.minify,
    mainFields: [...LAMBDA_BUNDLING.mainFields],
    banner: { js: LAMBDA_BUNDLING.banner },
  });
  return outfile;
};

const run = (file: string, rounds: number, iterations: number): Promise<Record<string, number>> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [file, String(rounds), String(iterations)], {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, POWERTOOLS_METRICS_DISABLED: 'true' },
    });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${file} exited ${code}`));
      resolve(JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, number>);
    });
  });

/**
 * The router's matching of one event against a tenant with 100 filtered routes on a 16 KiB payload, as it
 * runs per event: the route document (JSON.parse of the body, the payload), then every route's provider,
 * type and filter, each filter compiled once and taken from the cache.
 */
const measureMatch = async (quick: boolean): Promise<Metrics> => {
  const [rounds, iterations] = quick ? [3, 300] : [9, 1_000];
  const figures = await run(await bundle('router-probe'), rounds, iterations);
  return {
    'routing.match_us_per_event': {
      value: round(figures.per_event!, 1),
      unit: 'µs',
      goal: { op: '<=', value: 200 },
      detail:
        `100 filtered routes (${figures.matched} match), 16 KiB body, router bundle: document ` +
        `${round(figures.document!, 1)} µs, 100 filters ${round(figures.filters!, 1)} µs; median of ${rounds} × ${iterations}`,
    },
  };
};

/** One evaluation of a typical JSONata reshaping (compiled once; result size-checked, made plain JSON). */
const measureTransform = async (quick: boolean): Promise<Metrics> => {
  const [rounds, iterations] = quick ? [3, 500] : [9, 2_000];
  const figures = await run(await bundle('worker-probe'), rounds, iterations);
  return {
    'routing.transform_us_per_event': {
      value: round(figures.per_event!, 1),
      unit: 'µs',
      goal: { op: '<=', value: 300 },
      detail:
        `Shopify orders/paid (5 line items) → ${figures.output_bytes} B ERP shape (9 fields, mapped items), ` +
        `worker bundle; median of ${rounds} × ${iterations}`,
    },
  };
};

/** The routing figures: filter matching per event and transform evaluation per event. */
export const measureRouting = async (quick: boolean): Promise<Metrics> => ({
  ...(await measureMatch(quick)),
  ...(await measureTransform(quick)),
});
