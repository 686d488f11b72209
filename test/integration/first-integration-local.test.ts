import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { loadSecretsFile } from '../../shared/adapters/kernel/file-secret-store.ts';
import { runOps } from '../infra/ops/run-ops.ts';
import { freePorts } from '../support/free-ports.ts';
import { eventually } from './eventually.ts';

// The README's "Your first integration", step by step: local mode, a tenant file with an HTTP route to the
// user's own server, both secrets created with the CLI after the start, a signed webhook, and the delivery
// verified as the user's server would verify it. A second instance runs beside the first on other ports.
describe('README: your first integration (local mode)', () => {
  const root = join(import.meta.dirname, '..', '..');
  let dir: string;
  let first: LocalPlatform;
  let second: ChildProcess;
  let secondUrl: string;
  let server: Server;
  let env: Record<string, string>;
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];

  /** `npm start` in a child process (local mode runs once per process), on ports of its own. */
  const startSecond = async () => {
    const [port, sqs, objects, dynamo] = await freePorts(4);
    const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'infra/local/main.ts')], {
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME ?? '/tmp',
        NODE_NO_WARNINGS: '1',
        PORT: String(port),
        SQS_PORT: String(sqs),
        OBJECT_STORE_PORT: String(objects),
        DYNAMODB_PORT: String(dynamo),
        SES_PORT: '0',
        FAKES_PORT: '0',
        SYNC_VENDORS_PORT: '0',
        CONSOLE_PORT: '0',
        LOCAL_STATE_DIR: join(dir, 'b'),
        POWERTOOLS_LOG_LEVEL: 'ERROR',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await eventually(
      'the second instance to start',
      () => (output.includes('Ctrl+C stops') ? true : undefined),
      25_000,
      100,
    ).catch((error: unknown) => {
      child.kill('SIGINT');
      throw new Error(`${(error as Error).message}\n${output}`);
    });
    return { child, url: `http://127.0.0.1:${port}` };
  };

  const start = async (name: string) => {
    // The receiver's settings and `ops … --local` name these ports, as `npm start` with PORT=… would.
    const [port, sqsPort, objectStorePort, dynamoPort] = await freePorts(4);
    const platform = await startLocal({
      port,
      sqsPort,
      objectStorePort,
      dynamoPort,
      sesPort: 0,
      fakesPort: 0,
      sync: false,
      logLevel: 'SILENT',
      tenantsFile: false,
      stateDir: join(dir, name),
    });
    return {
      platform,
      env: { PORT: String(port), DYNAMODB_PORT: String(dynamoPort), LOCAL_STATE_DIR: join(dir, name) },
    };
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-first-'));
    // "Your own server": answers 204 and keeps what it got.
    server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        received.push({ headers: request.headers, body: Buffer.concat(chunks).toString('utf8') });
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const serverUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`;
    const [a, b] = await Promise.all([start('a'), startSecond()]);
    first = a.platform;
    second = b.child;
    secondUrl = b.url;
    env = a.env;
    await writeFile(
      join(dir, 'my-tenant.json'),
      JSON.stringify({
        tenants: [
          {
            tenant_id: 'myco',
            name: 'My Company',
            status: 'active',
            routes: [
              {
                route_id: 'to-my-server',
                match: { provider: 'generic', event_type: 'order.*' },
                destination: {
                  type: 'http',
                  url: serverUrl,
                  signing_secret_name: 'tsunagi/local/myco/routes/to-my-server',
                },
              },
            ],
          },
        ],
      }),
    );
  }, 30_000);

  afterAll(async () => {
    const exited = second ? new Promise((resolve) => second.once('exit', resolve)) : undefined;
    second?.kill('SIGINT');
    await Promise.all([first?.stop(), exited]);
    await new Promise((resolve) => server?.close(resolve));
    await rm(dir, { recursive: true, force: true });
  });

  it('delivers a signed webhook to your server, signed with the route secret, beside a second instance', async () => {
    // 1. Apply the tenant file: it warns that the route's secret does not exist yet.
    const applied = await runOps(['tenants', 'apply', join(dir, 'my-tenant.json'), '--local', '--yes'], env);
    expect(applied.status, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('warning: route to-my-server of myco');

    // 2. Both secrets, with the CLI, while the platform runs (its readers see them within a second).
    const puts = await Promise.all([
      runOps(['secrets', 'put', 'myco', 'webhook', 'generic', '--generate', '--local', '--yes'], env),
      runOps(['secrets', 'put', 'myco', 'route', 'to-my-server', '--generate', '--local', '--yes'], env),
    ]);
    for (const put of puts) expect(put.status, put.stderr).toBe(0);

    // 3. The route secret, for your server to verify with.
    const shown = await runOps(
      ['secrets', 'show', 'myco', 'route', 'to-my-server', '--local', '--reveal', '--yes', '--json'],
      env,
    );
    expect(shown.status, shown.stderr).toBe(0);
    const [routeSecret] = (JSON.parse(shown.stdout) as { secrets: string[] }).secrets;

    // 4. A signed webhook, as the sender would send it.
    const curl = await runOps(
      ['webhooks', 'curl', 'generic', 'myco', '--event-type', 'order.created', '--json'],
      env,
    );
    expect(curl.status, curl.stderr).toBe(0);
    const request = JSON.parse(curl.stdout) as { url: string; headers: Record<string, string>; body: string };
    const send = (baseUrl: string) =>
      fetch(request.url.replace(first.baseUrl, baseUrl), {
        method: 'POST',
        headers: request.headers,
        body: request.body,
      });
    expect(request.url.startsWith(first.baseUrl)).toBe(true);
    const accepted = await send(first.baseUrl);
    expect(accepted.status, await accepted.text()).toBe(202);

    // 5. It arrives at your server, and verifies with Standard Webhooks and the route secret.
    const delivery = await eventually('the delivery at your server', () => received[0], 15_000, 50);
    const headers = Object.fromEntries(
      Object.entries(delivery.headers).map(([name, value]) => [name, String(value)]),
    );
    expect(() => new Webhook(routeSecret!).verify(delivery.body, headers)).not.toThrow();
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'order.created' });

    // The second instance noticed nothing: its own files, no tenant or secret of the first, and it refuses
    // the first instance's webhook.
    const secondSecrets = join(dir, 'b', 'secrets.json');
    expect(first.secretsFile).toBe(join(dir, 'a', 'secrets.json'));
    const secondNames = Object.keys(loadSecretsFile(secondSecrets));
    expect(secondNames).toContain('tsunagi/local/acme/webhooks/generic');
    expect(secondNames.filter((name) => name.includes('/myco/'))).toEqual([]);
    const elsewhere = await send(secondUrl);
    expect(elsewhere.status).toBeGreaterThanOrEqual(400);
    expect(received).toHaveLength(1);
  }, 30_000);
});
