import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ChangeMessageVisibilityCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import axe from 'axe-core';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsole, startConsoleFor } from '../../infra/local/console/index.ts';
import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../infra/local/signed-request.ts';
import type { Principal } from '../../shared/console/principal.ts';
import { eventually } from '../integration/eventually.ts';
import { CHROMIUM_MISSING, chromiumPath } from '../support/chromium.ts';
import { FREE_PORTS } from '../support/free-ports.ts';

// The console in a real headless Chromium on local mode's stand-ins: a search and a journey, a redrive
// through preview and confirmation, a viewer and a tenant-scoped person refused, and an axe-core scan of
// every page. People other than the local operator sign in through a stand-in of the token check.
const executablePath = chromiumPath();
if (!executablePath) console.warn(`Console browser tests ${CHROMIUM_MISSING}`);

// Page-side code is passed as text: these tests type-check without the DOM library.
const UNREADY = 'delete document.body.dataset.ready';

const PEOPLE: Record<string, Principal> = {
  viewer: { id: 'v', name: 'viewer@example.com', role: 'viewer', tenant: null },
  globex: { id: 'g', name: 'gil@globex.example', role: 'operator', tenant: 'globex' },
};

describe.skipIf(!executablePath)('Console in Chromium (local mode)', () => {
  let platform: LocalPlatform;
  let server: LocalConsole;
  let browser: Browser;
  let stateDir: string;
  let eventId = '';
  let receiver: Server;
  const received: string[] = [];

  /**
   * A copy of the rejected dead letter, for a route whose endpoint (this test's server) answers 200: once
   * redriven it is delivered and stays out of the DLQ, so the depth the page shows falls and stays down.
   */
  const plantReplayable = async (url: string) => {
    const sqs = new SQSClient({
      region: 'ap-northeast-1',
      endpoint: platform.sqsEndpoint,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const dlq = platform.queueUrls.deliveryDlq;
    try {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: dlq,
          MaxNumberOfMessages: 10,
          MessageAttributeNames: ['All'],
          VisibilityTimeout: 5,
        }),
      );
      const original = Messages.find((m) => JSON.parse(m.Body!).route_id === 'orders-rejected')!;
      const body = JSON.parse(original.Body!);
      body.route_id = 'orders-replayable';
      body.delivery_id = `${eventId}:orders-replayable`;
      body.destination = { ...body.destination, url };
      await sqs.send(
        new SendMessageCommand({
          QueueUrl: dlq,
          MessageBody: JSON.stringify(body),
          MessageAttributes: original.MessageAttributes,
        }),
      );
      for (const m of Messages)
        await sqs.send(
          new ChangeMessageVisibilityCommand({
            QueueUrl: dlq,
            ReceiptHandle: m.ReceiptHandle!,
            VisibilityTimeout: 0,
          }),
        );
    } finally {
      sqs.destroy();
    }
  };

  const open = async (hash: string, as?: string): Promise<Page> => {
    const context = await browser.newContext({ bypassCSP: false, viewport: { width: 1280, height: 900 } });
    if (as)
      await context.addInitScript(
        `sessionStorage.setItem('tsunagi.console.id_token', ${JSON.stringify(as)})`,
      );
    const page = await context.newPage();
    await page.goto(`${server.url}${hash}`);
    await page.waitForSelector('body[data-ready]');
    return page;
  };
  /** Shows `hash` (again, when it is shown already) and waits until the page has rendered it. */
  const ready = async (page: Page, hash: string) => {
    await page.evaluate(UNREADY);
    await page.evaluate(
      `location.hash === ${JSON.stringify(hash)} ? window.dispatchEvent(new HashChangeEvent('hashchange')) : (location.hash = ${JSON.stringify(hash)})`,
    );
    await page.waitForSelector('body[data-ready]');
  };

  beforeAll(async () => {
    platform = await startLocal({ ...FREE_PORTS, logLevel: 'SILENT' });
    stateDir = mkdtempSync(join(tmpdir(), 'tsunagi-console-browser-'));
    server = await startConsoleFor(platform, {
      port: 0,
      stateDir,
      authenticate: (authorization) =>
        authorization === undefined
          ? { id: 'local', name: 'local operator', role: 'operator', tenant: null }
          : (PEOPLE[authorization.replace(/^Bearer /, '')] ?? null),
    });
    browser = await chromium.launch({ executablePath: executablePath!, args: ['--no-sandbox'] });
    const secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
    const secret = secrets.secretsFor('acme', 'generic')[0]!;
    const built = demoPayloads.generic({ tenantId: 'acme', secret, now: new Date() });
    const answer = await sendRequest(
      signRequest({ baseUrl: platform.baseUrl, provider: 'generic', tenantId: 'acme', secret, ...built }),
    );
    eventId = answer.eventId!;
    await eventually('the rejected delivery in the DLQ', async () => {
      const response = await fetch(`${server.url}api/dlqs/delivery-dlq/messages?route_id=orders-rejected`);
      const body = (await response.json()) as { items: { event_id: string }[] };
      return body.items.find((m) => m.event_id === eventId);
    });
    receiver = createServer((request, response) => {
      received.push(String(request.headers['idempotency-key']));
      request.resume();
      response.end('ok');
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    await plantReplayable(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((resolve) => receiver?.close(resolve));
    await server?.stop();
    await platform?.stop();
    if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  });

  it('draws the overview with its charts', async () => {
    // Act
    const started = Date.now();
    const page = await open('#/');
    const elapsed = Date.now() - started;

    // Assess
    expect(await page.locator('figure svg').count()).toBe(3);
    expect(await page.locator('.card').first().textContent()).toMatch(/\d+/);
    expect(elapsed).toBeLessThan(5_000);
  });

  it('searches for the demo event by tenant and provider and opens its journey', async () => {
    // Prepare
    const page = await open('#/events');

    // Act
    await page.selectOption('select[name="tenant_id"]', 'acme');
    await page.fill('input[name="provider"]', 'generic');
    await page.evaluate(UNREADY);
    await page.click('form.filters button[type="submit"]');
    await page.waitForSelector('body[data-ready]');
    const searched = page.url();
    await page.evaluate(UNREADY);
    await page.click(`a[href="#/events/${eventId}"]`);
    await page.waitForSelector('body[data-ready]');

    // Assess
    expect(searched).toContain('tenant_id=acme');
    expect(searched).toContain('provider=generic');
    expect(await page.locator('h1').textContent()).toBe('Event journey');
    expect(await page.locator('td', { hasText: 'orders-rejected' }).count()).toBe(1);
  });

  it('redrives a dead letter through its preview and confirmation, and the DLQ depth falls', async () => {
    // Prepare
    const page = await open('#/dlqs?queue=delivery-dlq&route_id=orders-replayable');
    const depthBefore = Number(
      await page.locator('tr', { hasText: 'delivery-dlq' }).locator('td').nth(1).textContent(),
    );

    // Act
    await page.check(`input[type="checkbox"]`);
    await page.click('text=Redrive selected…');
    await page.waitForSelector('section.preview');
    const preview = await page.locator('section.preview').textContent();
    await page.click('section.preview button.danger');
    await page.waitForSelector('text=Finished: completed');
    await eventually('the redriven delivery at its endpoint', () =>
      received.find((key) => key.includes('orders-replayable')),
    );
    await ready(page, '#/dlqs?queue=delivery-dlq&route_id=orders-replayable');
    const depthAfter = Number(
      await page.locator('tr', { hasText: 'delivery-dlq' }).locator('td').nth(1).textContent(),
    );

    // Assess
    expect(preview).toContain('1 message(s) would move to tsunagi-local-delivery');
    expect(depthAfter).toBe(depthBefore - 1);
    expect(await page.locator('text=No dead letters match.').count()).toBe(1);
  });

  it('shows a viewer no change, and the API refuses one from the page’s session', async () => {
    // Prepare
    const page = await open('#/dlqs?queue=delivery-dlq', 'viewer');

    // Act
    const status = await page.evaluate(`(async () => {
      const session = await (await fetch('/api/session', { headers: { authorization: 'Bearer viewer' } })).json();
      const response = await fetch('/api/dlqs/delivery-dlq/redrive/preview', {
        method: 'POST',
        headers: { authorization: 'Bearer viewer', 'x-csrf-token': session.csrf, 'content-type': 'application/json' },
        body: '{}',
      });
      return response.status;
    })()`);

    // Assess
    expect(await page.locator('text=Your role (viewer) may look, not change.').count()).toBe(1);
    expect(await page.locator('text=Redrive selected…').count()).toBe(0);
    expect(status).toBe(403);
  });

  it('refuses a tenant-scoped person another tenant’s event, also when opened by URL', async () => {
    // Act
    const page = await open(`#/events/${eventId}`, 'globex');

    // Assess
    expect(await page.locator('[role="alert"]').textContent()).toContain(
      `No event ${eventId} that you may see`,
    );
    expect(await page.locator('td', { hasText: 'orders-rejected' }).count()).toBe(0);
  });

  it('disables an endpoint through its preview and confirmation, then enables it again', async () => {
    // Prepare
    const page = await open('#/endpoints/acme/orders-rejected');

    // Act
    await page.click('button:has-text("Disable…")');
    await page.waitForSelector('section[aria-label="Preview"]');
    const preview = await page.textContent('section[aria-label="Preview"]');
    await page.click('button:has-text("Confirm: disable")');
    await page.waitForSelector('section[aria-label="Result"]');
    await ready(page, '#/endpoints?status=disabled');
    const listed = await page.textContent('main');
    await ready(page, '#/endpoints/acme/orders-rejected');
    await page.click('button:has-text("Enable…")');
    await page.click('button:has-text("Confirm: enable")');
    await page.waitForSelector('section[aria-label="Result"]');
    const enabled = await page.textContent('section[aria-label="Result"]');

    // Assess
    expect(preview).toContain('→ disabled');
    expect(listed).toContain('acme/orders-rejected');
    expect(enabled).toContain('disabled → healthy');
  });

  it('has no serious or critical accessibility violation on any page (axe-core)', {
    timeout: 60_000,
  }, async () => {
    // Prepare
    const page = await open('#/');
    const found: string[] = [];
    let checked = 0;

    // Act
    for (const hash of [
      '#/',
      '#/events',
      `#/events/${eventId}`,
      '#/dlqs?queue=delivery-dlq',
      '#/endpoints',
      '#/endpoints/acme/orders-rejected',
      '#/sync',
      '#/audit',
    ]) {
      await ready(page, hash);
      await page.evaluate(axe.source);
      const result = (await page.evaluate('axe.run(document)')) as axe.AxeResults;
      checked += result.passes.length;
      for (const v of result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'))
        found.push(`${hash}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join('; ')}`);
    }

    // Assess
    expect(found).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});
