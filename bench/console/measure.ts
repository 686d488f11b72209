import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { chromium } from 'playwright-core';
import { startConsoleFor } from '../../infra/local/console/index.ts';
import { startLocal } from '../../infra/local/platform.ts';
import { CHROMIUM_MISSING, chromiumPath } from '../../test/support/chromium.ts';
import { FREE_PORTS } from '../../test/support/free-ports.ts';
import type { Metrics } from '../lib/report.ts';
import { median, round } from '../lib/stats.ts';
import { seedEvents } from './seed.ts';

/**
 * The console on local mode with 10,000 events in the delivery log (the demo tenants): the event search's
 * p95 through the console API, and the Overview's first load in headless Chromium, from navigation until its
 * three charts are drawn.
 */

const EVENTS = 10_000;
/** About what `npm run demo` leaves in the log. */
const DEMO_EVENTS = 12;

const p95 = (values: readonly number[]): number =>
  [...values].sort((a, b) => a - b)[Math.ceil(values.length * 0.95) - 1]!;

/** The Overview's first load on demo-sized data, in fresh browser contexts. */
const firstLoad = async (url: string, quick: boolean): Promise<Metrics> => {
  const executablePath = chromiumPath();
  if (!executablePath) {
    process.stderr.write(`console.first_load_ms ${CHROMIUM_MISSING}\n`);
    return {};
  }
  const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
  try {
    const loads: number[] = [];
    for (let i = 0; i < (quick ? 3 : 7); i++) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const started = performance.now();
      await page.goto(`${url}#/`);
      await page.waitForSelector('.charts figure:nth-child(3) svg');
      loads.push(performance.now() - started);
      await context.close();
    }
    return {
      'console.first_load_ms': {
        value: round(median(loads), 0),
        unit: 'ms',
        goal: { op: '<=', value: 1_000 },
        detail: `Overview in headless Chromium, navigation to its 3 charts drawn, median of ${loads.length} fresh contexts (${loads.map((l) => l.toFixed(0)).join(', ')} ms), ${DEMO_EVENTS} events (the demo's size)`,
      },
    };
  } finally {
    await browser.close();
  }
};

export const measureConsole = async (quick: boolean): Promise<Metrics> => {
  const platform = await startLocal({ ...FREE_PORTS, logLevel: 'SILENT', consumers: false });
  const stateDir = mkdtempSync(join(tmpdir(), 'tsunagi-bench-console-'));
  const server = await startConsoleFor(platform, { port: 0, stateDir });
  const dynamo = new DynamoDBClient({
    region: 'ap-northeast-1',
    endpoint: platform.dynamoEndpoint,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  try {
    await seedEvents(dynamo, platform.tables.deliveryLog, {
      count: DEMO_EVENTS,
      tenants: ['acme', 'globex'],
      now: Date.now(),
      prefix: 'demo',
    });
    const load = await firstLoad(server.url, quick);
    const seedStarted = performance.now();
    await seedEvents(dynamo, platform.tables.deliveryLog, {
      count: EVENTS,
      tenants: ['acme', 'globex'],
      now: Date.now(),
    });
    const seedMs = performance.now() - seedStarted;

    // The Events page's own calls: its first page (every tenant), one tenant, tenant + provider, a status.
    const queries = ['', 'tenant_id=acme', 'tenant_id=globex&provider=stripe', 'status=failed'];
    const rounds = quick ? 10 : 40;
    const times: number[] = [];
    for (let i = 0; i < rounds; i++) {
      for (const query of queries) {
        const started = performance.now();
        const response = await fetch(`${server.url}api/events?limit=25&${query}`);
        const body = (await response.json()) as { items: unknown[] };
        times.push(performance.now() - started);
        if (response.status !== 200 || body.items.length === 0)
          throw new Error(`console.api: ${query} answered ${response.status}`);
      }
    }
    const metrics: Metrics = {
      ...load,
      'console.api_p95_ms': {
        value: round(p95(times), 1),
        unit: 'ms',
        goal: { op: '<=', value: 150 },
        detail: `GET /api/events (25 per page: all tenants, one tenant, tenant + provider, status=failed) × ${rounds}, ${EVENTS.toLocaleString('en')} events seeded in ${(seedMs / 1000).toFixed(1)} s; median ${round(median(times), 1)} ms`,
      },
    };

    return metrics;
  } finally {
    dynamo.destroy();
    await server.stop();
    await platform.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
};
