import { describe, expect, it } from 'vitest';
import type { ConsoleRequest } from '../../../shared/console/http.ts';
import type { ConsolePorts } from '../../../shared/console/ports.ts';
import type { Principal } from '../../../shared/console/principal.ts';
import { CSRF_HEADER, handleConsoleRequest } from '../../../shared/console/router.ts';
import { csrfTokenFor } from '../../../shared/console/tokens.ts';
import { ACME_OPERATOR, consoleFakes, NOW, OPERATOR, PLANTED_SECRET, VIEWER } from './console-fakes.ts';

const get = (path: string, query: Record<string, string> = {}): ConsoleRequest => ({
  method: 'GET',
  path,
  query,
  headers: {},
  body: null,
});

const post = (
  ports: ConsolePorts,
  who: Principal,
  path: string,
  body: unknown,
  headers = {},
): ConsoleRequest => ({
  method: 'POST',
  path,
  query: {},
  headers: { [CSRF_HEADER]: csrfTokenFor(ports.signingKey, who.id), ...headers },
  body: JSON.stringify(body),
});

const call = async (ports: ConsolePorts, who: Principal | null, request: ConsoleRequest) => {
  const response = await handleConsoleRequest(request, who, ports);
  return {
    status: response.status,
    // biome-ignore lint/suspicious/noExplicitAny: the tests read answers of many shapes
    body: JSON.parse(response.body) as Record<string, any>,
    raw: response.body,
  };
};

describe('Function: handleConsoleRequest', () => {
  it('refuses a caller who is not signed in', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const { status, body } = await call(ports, null, get('/api/overview'));

    // Assess
    expect(status).toBe(401);
    expect(body.error).toBe('unauthorized');
  });

  it('lets a viewer read but refuses every change, the preview included', async () => {
    // Prepare
    const { ports, queues } = consoleFakes();

    // Act
    const read = await call(ports, VIEWER, get('/api/dlqs/delivery-dlq/messages'));
    const preview = await call(
      ports,
      VIEWER,
      post(ports, VIEWER, '/api/dlqs/delivery-dlq/redrive/preview', {}),
    );
    const archive = await call(ports, VIEWER, post(ports, VIEWER, '/api/dlqs/delivery-dlq/archive', {}));

    // Assess
    expect(read.status).toBe(200);
    expect(read.body.items).toHaveLength(3);
    expect(preview.status).toBe(403);
    expect(archive.status).toBe(403);
    expect(queues.sent).toHaveLength(0);
  });

  it('refuses a change without the caller’s CSRF token, with another’s, or from another origin', async () => {
    // Prepare
    const { ports } = consoleFakes();
    const path = '/api/dlqs/delivery-dlq/redrive/preview';
    const bare = { ...post(ports, OPERATOR, path, {}), headers: {} };
    const borrowed = post(ports, VIEWER, path, {});
    const foreign = post(ports, OPERATOR, path, {}, { origin: 'https://evil.example' });

    // Act
    const results = await Promise.all([bare, borrowed, foreign].map((r) => call(ports, OPERATOR, r)));
    const own = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, path, {}, { origin: 'http://127.0.0.1:3001' }),
    );

    // Assess
    expect(results.map((r) => [r.status, r.body.error])).toEqual([
      [403, 'csrf'],
      [403, 'csrf'],
      [403, 'csrf'],
    ]);
    expect(own.status).toBe(200);
  });

  it('redrives only after the preview, with exactly the previewed input, and audits the person', async () => {
    // Prepare
    const { ports, queues, audit } = consoleFakes();
    const input = { tenant_id: 'acme', rate: 50 };
    const preview = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive/preview', input),
    );
    const token = preview.body.confirmation as string;

    // Act
    const unconfirmed = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive', input),
    );
    const otherInput = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive', {
        tenant_id: 'globex',
        rate: 50,
        confirmation: token,
      }),
    );
    const run = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive', { ...preview.body.input, confirmation: token }),
    );

    // Assess
    expect(preview.body.dry_run).toBe(true);
    expect(preview.body.would_move.map((m: { event_id: string }) => m.event_id).sort()).toEqual([
      'evt_1',
      'evt_2',
    ]);
    expect(unconfirmed.status).toBe(409);
    expect(otherInput.status).toBe(409);
    expect(run.status).toBe(200);
    expect(run.body.counts.moved).toBe(2);
    expect(run.body.done).toBe(true);
    expect(queues.sent.map((s) => JSON.parse(s.message.body).event.tenant_id)).toEqual(['acme', 'acme']);
    expect(audit.records).toHaveLength(1);
    expect(audit.records[0]!.who).toContain('olga@example.com');
    expect(audit.records[0]!.who).toContain('console');
  });

  it('refuses a confirmation token of another person, and an expired one', async () => {
    // Prepare
    const { ports } = consoleFakes();
    const other: Principal = { ...OPERATOR, id: 'op-2', name: 'otto@example.com' };
    const preview = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive/preview', {}),
    );
    const body = { ...preview.body.input, confirmation: preview.body.confirmation };
    const later: ConsolePorts = { ...ports, clock: () => NOW + 11 * 60_000 };

    // Act
    const stolen = await call(ports, other, post(ports, other, '/api/dlqs/delivery-dlq/redrive', body));
    const expired = await call(
      later,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive', body),
    );

    // Assess
    expect([stolen.status, stolen.body.reason]).toEqual([409, 'mismatch']);
    expect([expired.status, expired.body.reason]).toEqual([409, 'expired']);
  });

  it('archives a selection of messages after its preview', async () => {
    // Prepare
    const { ports, archived, queues } = consoleFakes();
    const input = { message_ids: ['m3'] };
    const preview = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/archive/preview', input),
    );

    // Act
    const run = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, '/api/dlqs/delivery-dlq/archive', {
        ...preview.body.input,
        confirmation: preview.body.confirmation,
      }),
    );

    // Assess
    expect(preview.body.counts.matched).toBe(1);
    expect(run.body.counts.moved).toBe(1);
    expect(archived).toHaveLength(1);
    expect(queues.queues.get('tsunagi-local-delivery-dlq')!.messages.map((m) => m.messageId)).toEqual([
      'm1',
      'm2',
    ]);
  });
});

describe('Function: handleConsoleRequest (move tasks)', () => {
  it('cancels a running move task only with the confirmation of its preview', async () => {
    // Prepare
    const { ports, queues, audit } = consoleFakes();
    queues.tasks.push({
      task_handle: 'task-running',
      status: 'RUNNING',
      source_arn: 'arn:aws:sqs:local:000000000000:tsunagi-local-delivery-dlq',
      destination_arn: null,
      max_per_second: 10,
      moved: 4,
      to_move: 9,
      started_at: null,
      failure_reason: null,
    });
    const path = '/api/dlqs/delivery-dlq/tasks/cancel';

    // Act
    const unconfirmed = await call(ports, OPERATOR, post(ports, OPERATOR, path, {}));
    const preview = await call(ports, OPERATOR, post(ports, OPERATOR, `${path}/preview`, {}));
    const cancelled = await call(
      ports,
      OPERATOR,
      post(ports, OPERATOR, path, { confirmation: preview.body.confirmation }),
    );
    const scoped = await call(ports, ACME_OPERATOR, post(ports, ACME_OPERATOR, `${path}/preview`, {}));

    // Assess
    expect(unconfirmed.status).toBe(409);
    expect(preview.body.dry_run).toBe(true);
    expect(cancelled.body.moved_before_cancel).toBe(4);
    expect(queues.tasks[0]!.status).toBe('CANCELLING');
    expect(audit.records.map((r) => r.command)).toEqual(['dlq cancel']);
    expect(scoped.status).toBe(403);
  });
});

describe('Function: handleConsoleRequest (tenant scope)', () => {
  it('shows a tenant-scoped person only their tenant’s events, and refuses another tenant by parameter', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const own = await call(ports, ACME_OPERATOR, get('/api/events'));
    const other = await call(ports, ACME_OPERATOR, get('/api/events', { tenant_id: 'globex' }));

    // Assess
    expect(own.body.items.map((e: { tenant_id: string }) => e.tenant_id)).toEqual(['acme', 'acme']);
    expect(other.status).toBe(403);
  });

  it('answers another tenant’s event exactly like an unknown one', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const other = await call(ports, ACME_OPERATOR, get('/api/events/evt_3'));
    const unknown = await call(ports, ACME_OPERATOR, get('/api/events/evt_999'));
    const asOperator = await call(ports, OPERATOR, get('/api/events/evt_3'));

    // Assess
    expect(other.status).toBe(404);
    expect(other.body.message.replace('evt_3', 'X')).toBe(unknown.body.message.replace('evt_999', 'X'));
    expect(asOperator.status).toBe(200);
    expect(asOperator.body.status).toBe('failed');
  });

  it('peeks, redrives and audits only within the tenant, and hides queue-wide figures', async () => {
    // Prepare
    const { ports, queues, audit } = consoleFakes();
    audit.records.push({
      id: 'a1',
      at: new Date(NOW).toISOString(),
      who: 'x',
      stage: 'local',
      command: 'dlq redrive',
      queue: 'q',
      filters: { tenant_id: 'globex' },
      counts: {},
      outcome: 'completed',
      detail: {},
    });

    // Act
    const peek = await call(ports, ACME_OPERATOR, get('/api/dlqs/delivery-dlq/messages'));
    const list = await call(ports, ACME_OPERATOR, get('/api/dlqs'));
    const foreign = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, '/api/dlqs/delivery-dlq/redrive/preview', { tenant_id: 'globex' }),
    );
    const preview = await call(
      ports,
      ACME_OPERATOR,
      post(ports, ACME_OPERATOR, '/api/dlqs/delivery-dlq/redrive/preview', {}),
    );
    const tasks = await call(ports, ACME_OPERATOR, get('/api/dlqs/delivery-dlq/tasks'));
    const auditList = await call(ports, ACME_OPERATOR, get('/api/audit'));

    // Assess
    expect(peek.body.items.map((m: { tenant_id: string }) => m.tenant_id)).toEqual(['acme', 'acme']);
    expect(list.body.queues.every((q: { depth: unknown }) => q.depth === null)).toBe(true);
    expect(foreign.status).toBe(403);
    expect(preview.body.input.tenant_id).toBe('acme');
    expect(preview.body.mode).toBe('filtered');
    expect(tasks.status).toBe(403);
    expect(auditList.body.items).toEqual([]);
    expect(queues.sent).toHaveLength(0);
  });

  it('lists only the caller’s tenant and answers another like an unknown one', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const list = await call(ports, ACME_OPERATOR, get('/api/tenants'));
    const other = await call(ports, ACME_OPERATOR, get('/api/tenants/globex'));

    // Assess
    expect(list.body.items.map((t: { tenant_id: string }) => t.tenant_id)).toEqual(['acme']);
    expect(other.status).toBe(404);
  });
});

describe('Function: handleConsoleRequest (what leaves it)', () => {
  it('never answers a secret value: headers, URL tokens and secret-looking keys are redacted', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const answers = await Promise.all(
      [
        '/api/dlqs/delivery-dlq/messages',
        '/api/tenants/acme',
        '/api/events',
        '/api/overview',
        '/api/session',
      ].map((path) => call(ports, OPERATOR, get(path))),
    );

    // Assess
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.raw).not.toContain(PLANTED_SECRET);
    }
    expect(answers[1]!.raw).toContain('tsunagi/local/acme/routes/orders');
  });

  it.each([
    ['an unknown route', get('/api/nothing'), 404],
    ['a wrong method', { ...get('/api/dlqs'), method: 'DELETE' }, 405],
    ['a limit out of range', get('/api/events', { limit: '100000' }), 400],
    ['a forged cursor', get('/api/events', { cursor: 'not-a-cursor' }), 400],
    ['an unknown status', get('/api/events', { status: 'weird' }), 400],
    ['a bad time', get('/api/events', { since: 'yesterday-ish' }), 400],
    ['an unknown queue', get('/api/dlqs/tsunagi-local-delivery/messages'), 400],
    ['a bad event id', get('/api/events/%3Cscript%3E'), 400],
    ['a bad tenant id', get('/api/tenants/ACME!'), 400],
    ['a badly encoded segment', get('/api/events/%E0%A4%A'), 404],
  ])('answers %s with a 4xx, never a 5xx', async (_name, request, status) => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const answer = await call(ports, OPERATOR, request as ConsoleRequest);

    // Assess
    expect(answer.status).toBe(status);
  });

  it.each([
    ['a body that is not JSON', '{nope'],
    ['an unknown field', JSON.stringify({ tenant: 'acme' })],
    ['a rate out of range', JSON.stringify({ rate: 9999 })],
    ['a relative time it cannot read', JSON.stringify({ since: 'soon' })],
    [
      'too many selected messages',
      JSON.stringify({ message_ids: Array.from({ length: 1001 }, (_, i) => `m${i}`) }),
    ],
  ])('answers a change with %s with a 400', async (_name, body) => {
    // Prepare
    const { ports } = consoleFakes();
    const request = { ...post(ports, OPERATOR, '/api/dlqs/delivery-dlq/redrive/preview', {}), body };

    // Act
    const answer = await call(ports, OPERATOR, request);

    // Assess
    expect(answer.status).toBe(400);
  });

  it('answers a failure of its own with a 500 that tells nothing, and logs it', async () => {
    // Prepare
    const { ports } = consoleFakes();
    const logged: unknown[] = [];
    const broken: ConsolePorts = {
      ...ports,
      tenants: {
        ...ports.tenants,
        listTenants: async () => Promise.reject(new Error('table tsunagi-x gone')),
      },
      logError: (error) => logged.push(error),
    };

    // Act
    const answer = await call(broken, OPERATOR, get('/api/tenants'));

    // Assess
    expect(answer.status).toBe(500);
    expect(answer.raw).not.toContain('tsunagi-x');
    expect(logged).toHaveLength(1);
  });

  it('pages a list with a cursor that continues where the page ended', async () => {
    // Prepare
    const { ports } = consoleFakes();

    // Act
    const first = await call(ports, OPERATOR, get('/api/events', { limit: '3' }));
    const second = await call(ports, OPERATOR, get('/api/events', { limit: '3', cursor: first.body.next }));

    // Assess
    expect(first.body.items.map((e: { event_id: string }) => e.event_id)).toEqual([
      'evt_1',
      'evt_2',
      'evt_3',
    ]);
    expect(second.body.items.map((e: { event_id: string }) => e.event_id)).toEqual(['evt_4']);
    expect(second.body.next).toBeNull();
  });
});
