import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalConsole, startConsoleFor } from '../../infra/local/console/index.ts';
import { demoPayloads } from '../../infra/local/demo-payloads.ts';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { sendRequest, signRequest } from '../../infra/local/signed-request.ts';
import type { Principal } from '../../shared/console/principal.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { eventually } from './eventually.ts';

// The console API as local mode serves it, on the stand-ins with the demo tenants: one order event whose
// `orders-rejected` delivery is dead-lettered at once (the always-400 fake), then searched, followed,
// previewed and redriven through the API, as the pages do.
describe('Local mode: the operator console API', () => {
  let platform: LocalPlatform;
  let server: LocalConsole;
  let stateDir: string;
  let eventId = '';
  const VIEWER: Principal = { id: 'v', name: 'viewer@example.com', role: 'viewer', tenant: null };
  const GLOBEX: Principal = { id: 'g', name: 'gil@globex.example', role: 'operator', tenant: 'globex' };

  const api = async (path: string, init: RequestInit & { as?: string } = {}) => {
    const headers: Record<string, string> = { ...(init.headers as Record<string, string>) };
    if (init.as) headers.authorization = `Bearer ${init.as}`;
    const response = await fetch(new URL(path, server.url), { ...init, headers });
    const text = await response.text();
    return {
      status: response.status,
      text,
      // biome-ignore lint/suspicious/noExplicitAny: the answers come in many shapes
      body: JSON.parse(text) as Record<string, any>,
    };
  };
  const change = async (path: string, body: unknown, as?: string) => {
    const session = await api('/api/session', { as });
    return api(path, {
      method: 'POST',
      as,
      headers: { 'content-type': 'application/json', 'x-csrf-token': String(session.body.csrf) },
      body: JSON.stringify(body),
    });
  };

  beforeAll(async () => {
    platform = await startLocal({ ...FREE_PORTS, logLevel: 'SILENT' });
    stateDir = mkdtempSync(join(tmpdir(), 'tsunagi-console-'));
    server = await startConsoleFor(platform, {
      port: 0,
      stateDir,
      // A stand-in of the token check: made-up bearer tokens name the people; none is the local operator.
      authenticate: (authorization) =>
        authorization === 'Bearer viewer'
          ? VIEWER
          : authorization === 'Bearer globex'
            ? GLOBEX
            : authorization === undefined
              ? { id: 'local', name: 'local operator', role: 'operator', tenant: null }
              : null,
    });
    const secrets = LocalSecrets.load(platform.secretsFile, platform.secretPrefix);
    const secret = secrets.secretsFor('acme', 'generic')[0]!;
    const built = demoPayloads.generic({ tenantId: 'acme', secret, now: new Date() });
    const response = await sendRequest(
      signRequest({ baseUrl: platform.baseUrl, provider: 'generic', tenantId: 'acme', secret, ...built }),
    );
    eventId = response.eventId!;
    await eventually('the rejected delivery in the DLQ', async () => {
      const peek = await api('/api/dlqs/delivery-dlq/messages?route_id=orders-rejected');
      return peek.body.items?.find((m: { event_id: string }) => m.event_id === eventId);
    });
  }, 60_000);

  afterAll(async () => {
    await server?.stop();
    await platform?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('finds the event by tenant and provider, and shows its journey with the failed delivery', async () => {
    // Act
    const search = await api('/api/events?tenant_id=acme&provider=generic');
    const journey = await api(`/api/events/${eventId}`);

    // Assess
    expect(search.body.items.map((e: { event_id: string }) => e.event_id)).toContain(eventId);
    expect(journey.status).toBe(200);
    const rejected = journey.body.deliveries.find(
      (d: { route_id: string }) => d.route_id === 'orders-rejected',
    );
    expect(rejected.status).toBe('failed_permanent');
  });

  it('redrives the dead letter after its preview: it leaves the DLQ, is attempted again, and is audited', async () => {
    // Prepare
    const input = { route_id: 'orders-rejected', tenant_id: 'acme' };
    const preview = await change('/api/dlqs/delivery-dlq/redrive/preview', input);

    // Act
    const run = await change('/api/dlqs/delivery-dlq/redrive', {
      ...preview.body.input,
      confirmation: preview.body.confirmation,
    });

    // Assess
    expect(preview.body.would_move.map((m: { event_id: string }) => m.event_id)).toEqual([eventId]);
    expect(run.body.counts, JSON.stringify(run.body)).toMatchObject({ moved: 1, failed: 0 });
    await eventually('a second attempt of the redriven delivery', async () => {
      const journey = await api(`/api/events/${eventId}`);
      const rejected = journey.body.deliveries.find(
        (d: { route_id: string }) => d.route_id === 'orders-rejected',
      );
      return rejected.attempts >= 2 ? rejected : undefined;
    });
    const audit = await api('/api/audit?command=dlq%20redrive');
    expect(audit.body.items[0].who).toContain('local operator');
    expect(audit.body.items[0].filters.route_id).toBe('orders-rejected');
  });

  it('refuses a viewer’s change and another tenant’s event, by URL too', async () => {
    // Act
    const viewerChange = await change('/api/dlqs/delivery-dlq/redrive/preview', {}, 'viewer');
    const foreign = await api(`/api/events/${eventId}`, { as: 'globex' });
    const foreignSearch = await api('/api/events?tenant_id=acme', { as: 'globex' });
    const stranger = await api('/api/overview', { as: 'somebody-else' });

    // Assess
    expect(viewerChange.status).toBe(403);
    expect(foreign.status).toBe(404);
    expect(foreignSearch.status).toBe(403);
    expect(stranger.status).toBe(401);
  });

  it('answers no secret value of the secrets file on any page’s reads', async () => {
    // Prepare
    const leaves = (value: unknown): string[] => {
      if (typeof value === 'string') {
        try {
          return leaves(JSON.parse(value));
        } catch {
          return [value];
        }
      }
      return value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : [];
    };
    const file = JSON.parse(readFileSync(platform.secretsFile, 'utf8')) as Record<string, unknown>;
    const values = Object.values(file)
      .flatMap(leaves)
      .filter((value) => value.length >= 12 && !value.startsWith('tsunagi/'));

    // Act
    const reads = await Promise.all(
      [
        '/api/overview',
        '/api/events',
        `/api/events/${eventId}`,
        '/api/dlqs',
        '/api/dlqs/delivery-dlq/messages',
        '/api/tenants',
        '/api/tenants/acme',
        '/api/tenants/globex',
        '/api/audit',
        '/api/sync/runs',
      ].map((path) => api(path)),
    );

    // Assess
    expect(values.length).toBeGreaterThan(5);
    for (const read of reads) {
      expect(read.status).toBe(200);
      for (const value of values) expect(read.text).not.toContain(value);
    }
  });

  it('answers only at 127.0.0.1 (a page elsewhere cannot reach it through DNS rebinding)', async () => {
    // Act
    const url = new URL('/api/overview', server.url);
    const rebound = await new Promise<{ status: number }>((resolve, reject) =>
      request(
        { host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'evil.example' } },
        (res) => {
          res.resume();
          resolve({ status: res.statusCode ?? 0 });
        },
      )
        .on('error', reject)
        .end(),
    );

    // Assess
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect(rebound.status).toBe(421);
  });
});
