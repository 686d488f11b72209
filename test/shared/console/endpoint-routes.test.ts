import { describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../../shared/console/http.ts';
import type { ConsolePorts } from '../../../shared/console/ports.ts';
import type { Principal } from '../../../shared/console/principal.ts';
import { CSRF_HEADER, handleConsoleRequest } from '../../../shared/console/router.ts';
import { csrfTokenFor } from '../../../shared/console/tokens.ts';
import {
  applyOutcomes,
  DEFAULT_HEALTH_POLICY,
  disableEndpoint,
} from '../../../shared/delivery/health/endpoint-health.ts';
import { parseReleaseRequest } from '../../../shared/delivery/health/release-request.ts';
import { ACME_OPERATOR, consoleFakes, NOW, OPERATOR, VIEWER } from './console-fakes.ts';

const get = (path: string, query: Record<string, string> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query,
  headers: {},
  body: null,
});

const post = (ports: ConsolePorts, who: Principal, path: string, body: unknown): ConsoleRequest => ({
  method: 'POST',
  path,
  query: {},
  headers: { [CSRF_HEADER]: csrfTokenFor(ports.signingKey, who.id) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

const call = async (ports: ConsolePorts, who: Principal | null, request: ConsoleRequest) => {
  const response = await handleConsoleRequest(request, who, ports);
  // biome-ignore lint/suspicious/noExplicitAny: the tests read answers of many shapes
  return { status: response.status, body: JSON.parse(response.body) as Record<string, any> };
};

const ORDERS = { tenantId: 'acme', routeId: 'orders' };
const GLOBEX = { tenantId: 'globex', routeId: 'orders' };
const fail = (minutes: number) => ({
  ok: false as const,
  at: NOW - minutes * 60_000,
  error: 'HTTP 503',
  gone: false,
});

/** acme/orders failing with one held delivery; globex/orders disabled; the fakes' dead letters. */
const seeded = async () => {
  const fakes = consoleFakes();
  await fakes.endpoints.update(ORDERS, (h) =>
    applyOutcomes(h, [fail(9), fail(8), fail(7)], DEFAULT_HEALTH_POLICY),
  );
  await fakes.endpoints.update(GLOBEX, (h) => disableEndpoint(h, NOW));
  await fakes.endpoints.hold(ORDERS, {
    delivery_id: 'evt_9:orders',
    event_id: 'evt_9',
    received_at: new Date(NOW - 30 * 60_000).toISOString(),
    held_at: new Date(NOW - 30 * 60_000).toISOString(),
    body: '{}',
    attributes: {},
  });
  return fakes;
};

describe('Console API: endpoints', () => {
  it('lists destinations, filtered and paginated, and a tenant-scoped caller sees only its own', async () => {
    // Prepare
    const { ports } = await seeded();

    // Act
    const all = await call(ports, OPERATOR, get('/api/endpoints'));
    const disabled = await call(ports, VIEWER, get('/api/endpoints', { status: 'disabled' }));
    const first = await call(ports, OPERATOR, get('/api/endpoints', { limit: '1' }));
    const second = await call(
      ports,
      OPERATOR,
      get('/api/endpoints', { limit: '1', cursor: first.body.next }),
    );
    const scoped = await call(ports, ACME_OPERATOR, get('/api/endpoints'));
    const other = await call(ports, ACME_OPERATOR, get('/api/endpoints', { tenant_id: 'globex' }));

    // Assess
    expect(all.status).toBe(200);
    expect(
      all.body.items.map((e: { tenant_id: string; status: string; held: number }) => [
        e.tenant_id,
        e.status,
        e.held,
      ]),
    ).toEqual([
      ['acme', 'failing', 1],
      ['globex', 'disabled', 0],
    ]);
    expect(disabled.body.items.map((e: { tenant_id: string }) => e.tenant_id)).toEqual(['globex']);
    expect([first.body.items[0].tenant_id, second.body.items[0].tenant_id, second.body.next]).toEqual([
      'acme',
      'globex',
      null,
    ]);
    expect(scoped.body.items.map((e: { tenant_id: string }) => e.tenant_id)).toEqual(['acme']);
    expect(other.status).toBe(403);
  });

  it('shows one destination with what it holds and its recent attempts; scoping and unknowns refused', async () => {
    // Prepare
    const { ports } = await seeded();

    // Act
    const show = await call(ports, VIEWER, get('/api/endpoints/acme/orders'));
    const foreign = await call(ports, ACME_OPERATOR, get('/api/endpoints/globex/orders'));
    const unknown = await call(ports, OPERATOR, get('/api/endpoints/initech/orders'));
    const bad = await call(ports, OPERATOR, get('/api/endpoints/ACME!/orders'));

    // Assess
    expect(show.status).toBe(200);
    expect(show.body).toMatchObject({
      recorded: true,
      health: { status: 'failing', consecutive_failures: 3 },
      held: { count: 1, oldest: { event_id: 'evt_9' } },
    });
    expect(show.body.recent_attempts.map((a: { event_id: string }) => a.event_id)).toEqual([
      'evt_1',
      'evt_2',
    ]);
    expect([foreign.status, unknown.status, bad.status]).toEqual([403, 404, 400]);
  });

  it('refuses a change to a viewer, without CSRF, or to another tenant’s operator, and changes nothing', async () => {
    // Prepare
    const { ports, endpoints } = await seeded();
    const path = '/api/endpoints/globex/orders/enable/preview';

    // Act
    const viewer = await call(ports, VIEWER, post(ports, VIEWER, path, {}));
    const noCsrf = await call(ports, OPERATOR, { ...post(ports, OPERATOR, path, {}), headers: {} });
    const scoped = await call(ports, ACME_OPERATOR, post(ports, ACME_OPERATOR, path, {}));

    // Assess
    expect([viewer.status, noCsrf.status, scoped.status]).toEqual([403, 403, 403]);
    expect([viewer.body.error, noCsrf.body.error]).toEqual(['forbidden', 'csrf']);
    expect((await endpoints.get(GLOBEX))?.status).toBe('disabled');
  });

  it('disables and enables only as previewed, releases what is held, and audits the person', async () => {
    // Prepare
    const { ports, endpoints, queues, audit } = await seeded();
    const base = '/api/endpoints/acme/orders';
    const preview = await call(ports, OPERATOR, post(ports, OPERATOR, `${base}/disable/preview`, {}));

    // Act
    const unconfirmed = await call(ports, OPERATOR, post(ports, OPERATOR, `${base}/disable`, {}));
    const wrongAction = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, `${base}/enable`, { confirmation: preview.body.confirmation }),
    );
    const otherPerson = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, `${base}/disable`, { confirmation: preview.body.confirmation }),
    );
    const afterRefusals = (await endpoints.get(ORDERS))?.status;
    const disabled = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, `${base}/disable`, { confirmation: preview.body.confirmation }),
    );
    const enablePreview = await call(ports, OPERATOR, post(ports, OPERATOR, `${base}/enable/preview`, {}));
    const enabled = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, `${base}/enable`, { confirmation: enablePreview.body.confirmation }),
    );

    // Assess
    expect(preview.body).toMatchObject({
      dry_run: true,
      before: 'failing',
      after: 'disabled',
      audit_id: null,
    });
    expect([unconfirmed.status, wrongAction.status, otherPerson.status]).toEqual([409, 409, 409]);
    expect(afterRefusals).toBe('failing');
    expect(disabled.body).toMatchObject({ dry_run: false, after: 'disabled', changed: true });
    expect(enablePreview.body.release).toMatchObject({ held: 1, sent: false });
    expect(enabled.body).toMatchObject({ after: 'healthy', release: { held: 1, sent: true }, done: true });
    expect(queues.sent.map((s) => parseReleaseRequest(s.message.body))).toMatchObject([
      { tenant_id: 'acme', route_id: 'orders' },
    ]);
    expect(audit.records.map((r) => [r.command, r.who])).toEqual([
      ['endpoints disable', 'olga@example.com (console, op-1)'],
      ['endpoints enable', 'olga@example.com (console, op-1)'],
    ]);
  });

  it('recovers since a time as previewed: the tenant’s dead letters of the route only', async () => {
    // Prepare
    const { ports, queues } = await seeded();
    const path = '/api/endpoints/acme/orders/recover';
    const since = '2026-01-01T00:00:00.000Z';
    const preview = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, `${path}/preview`, { since }),
    );

    // Act
    const otherSince = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, path, {
        since: '2026-01-02T00:00:00.000Z',
        confirmation: preview.body.confirmation,
      }),
    );
    const run = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, path, { since, confirmation: preview.body.confirmation }),
    );

    // Assess
    expect(preview.status).toBe(200);
    expect(preview.body.dead_letters.would_move.map((m: { event_id: string }) => m.event_id)).toEqual([
      'evt_1',
      'evt_2',
    ]);
    expect(otherSince.status).toBe(409);
    expect(run.body).toMatchObject({
      done: true,
      dead_letters: { counts: { moved: 2 } },
      release: { held: 1, sent: true },
    });
    const redriven = queues.sent.filter((s) => parseReleaseRequest(s.message.body) === null);
    expect(redriven.map((s) => JSON.parse(s.message.body).event.tenant_id)).toEqual(['acme', 'acme']);
  });

  it('answers bad input with a 4xx, never a 5xx', async () => {
    // Prepare
    const { ports } = await seeded();
    const base = '/api/endpoints/acme/orders';
    const bodies: [string, unknown][] = [
      [`${base}/recover/preview`, {}],
      [`${base}/recover/preview`, { since: 'yesterday' }],
      [`${base}/recover/preview`, { since: '2999-01-01T00:00:00Z' }],
      [`${base}/disable/preview`, { since: '2026-01-01T00:00:00Z' }],
      [`${base}/disable/preview`, { extra: true }],
      [`${base}/disable/preview`, 'not json'],
      [`${base}/enable`, { confirmation: 'x'.repeat(600) }],
      ['/api/endpoints/acme/nope/disable/preview', {}],
    ];

    // Act
    const answers = await Promise.all(
      bodies.map(([path, body]) => call(ports, OPERATOR, post(ports, OPERATOR, path, body))),
    );
    const reads = await Promise.all(
      [
        get('/api/endpoints', { status: 'sick' }),
        get('/api/endpoints', { limit: '0' }),
        get('/api/endpoints', { cursor: 'garbage' }),
        get('/api/endpoints/acme/%E0%A4%A'),
      ].map((request) => call(ports, OPERATOR, request)),
    );

    // Assess
    expect(answers.map((a) => a.status)).toEqual([400, 400, 400, 400, 400, 400, 400, 404]);
    expect(reads.map((a) => a.status)).toEqual([400, 400, 400, 404]);
  });
});
