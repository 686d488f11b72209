import { ApiError, apiGet, apiPost, isOperator } from '../api.ts';
import {
  emptyState,
  errorBox,
  filterForm,
  h,
  pageHref,
  pager,
  type Query,
  selectField,
  statusBadge,
  table,
  textField,
  when,
} from '../dom.ts';

// Endpoints: every destination with a health record (status, failing since, held), one destination's health
// and recent attempts, and the changes (disable, enable, recover since a time), each previewed first.

interface Health {
  tenant_id: string;
  route_id: string;
  status: string;
  failing_since: string | null;
  consecutive_failures: number;
  last_error: string | null;
  last_failure_at: string | null;
  last_success_at: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

interface Attempt {
  event_id: string;
  received_at: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_latency_ms: number | null;
  error: string | null;
  next_attempt_at: string | null;
}

interface Shown {
  target: string;
  recorded: boolean;
  health: Health;
  held: { count: number; oldest: { event_id: string; received_at: string } | null };
  recent_attempts: Attempt[];
}

interface ChangeResult {
  dry_run: boolean;
  before: string;
  after: string;
  changed: boolean;
  release: { held: number; since: string | null; sent: boolean; note: string | null } | null;
  dead_letters: {
    queue: string;
    outcome: string;
    counts: { matched: number; moved: number; failed: number };
    would_move: { message_id: string; event_id: string | null }[];
    errors: string[];
  } | null;
  notifications: string[];
  input: Record<string, unknown>;
  confirmation: string;
  confirmation_expires_at: string;
  done?: boolean;
  audit_id: string | null;
}

type Action = 'disable' | 'enable' | 'recover';

const dash = (value: string | number | null | undefined) =>
  value === null || value === undefined ? '—' : String(value);

const base = (tenant: string, route: string) =>
  `/api/endpoints/${encodeURIComponent(tenant)}/${encodeURIComponent(route)}`;

/** What the preview (or the run) says will change, in words. */
const describe = (result: ChangeResult): HTMLElement[] => {
  const lines: HTMLElement[] = [
    h('p', {}, `Status: ${result.before}${result.before === result.after ? '' : ` → ${result.after}`}.`),
  ];
  const d = result.dead_letters;
  if (d) {
    const verb = result.dry_run ? 'would be re-sent' : 're-sent';
    lines.push(
      h('p', {}, `${d.queue}: ${result.dry_run ? d.counts.matched : d.counts.moved} dead letter(s) ${verb}.`),
    );
    if (d.would_move.length > 0)
      lines.push(
        h('ul', {}, ...d.would_move.map((m) => h('li', {}, h('code', {}, m.event_id ?? m.message_id)))),
      );
    for (const error of d.errors) lines.push(errorBox(error));
  }
  const r = result.release;
  if (r) {
    const scope = r.since ? ` held since ${when(r.since)} UTC` : ' held';
    const text = r.note
      ? `${r.held}${scope}: ${r.note}.`
      : `${r.held}${scope} ${result.dry_run ? 'would be' : 'are being'} released, oldest first.`;
    lines.push(h('p', {}, text));
  }
  if (result.notifications.length > 0)
    lines.push(h('p', {}, `Notifies: ${result.notifications.join(', ')}.`));
  return lines;
};

/** Runs a confirmed change; a recover answers per chunk of time, so it is called again until done. */
const runConfirmed = async (area: HTMLElement, path: string, preview: ChangeResult) => {
  const status = h('p', { role: 'status' }, 'Working…');
  area.replaceChildren(status);
  try {
    let result: ChangeResult;
    do {
      const since = preview.input.since;
      result = await apiPost<ChangeResult>(path, {
        ...(typeof since === 'string' ? { since } : {}),
        confirmation: preview.confirmation,
      });
      status.textContent = result.done ? 'Done.' : 'Still working…';
    } while (result.done === false);
    area.replaceChildren(
      h(
        'section',
        { class: 'preview', 'aria-label': 'Result' },
        h('h2', {}, 'Done'),
        ...describe(result),
        h(
          'p',
          { class: 'muted' },
          `Audit record ${dash(result.audit_id)}. `,
          h('a', { href: location.hash }, 'Refresh'),
        ),
      ),
    );
  } catch (error) {
    area.replaceChildren(errorBox(error instanceof ApiError ? error.message : error));
  }
};

const startChange = async (
  area: HTMLElement,
  tenant: string,
  route: string,
  action: Action,
  since?: string,
) => {
  area.replaceChildren(h('p', { role: 'status' }, 'Previewing…'));
  const path = `${base(tenant, route)}/${action}`;
  try {
    const preview = await apiPost<ChangeResult>(`${path}/preview`, since ? { since } : {});
    const confirm = h(
      'button',
      { type: 'button', class: 'danger', onclick: () => void runConfirmed(area, path, preview) },
      `Confirm: ${action}`,
    );
    area.replaceChildren(
      h(
        'section',
        { class: 'preview', 'aria-label': 'Preview' },
        h('h2', {}, `Preview: ${action} ${tenant}/${route}`),
        ...describe(preview),
        h(
          'p',
          { class: 'muted' },
          `Confirm before ${when(preview.confirmation_expires_at)} UTC. The change is written to the audit trail under your name.`,
        ),
        h(
          'div',
          { class: 'actions' },
          confirm,
          h('button', { type: 'button', onclick: () => area.replaceChildren() }, 'Cancel'),
        ),
      ),
    );
    confirm.focus();
  } catch (error) {
    area.replaceChildren(errorBox(error instanceof ApiError ? error.message : error));
  }
};

const actions = (tenant: string, route: string, health: Health): HTMLElement => {
  if (!isOperator()) return h('p', { class: 'notice' }, 'Your role (viewer) may look, not change.');
  const area = h('div', { id: 'change' });
  const since = h('input', {
    name: 'since',
    placeholder: '2h or ISO time',
    autocomplete: 'off',
    required: true,
  });
  const recover = h(
    'form',
    {
      class: 'filters',
      onsubmit: (event: Event) => {
        event.preventDefault();
        const text = since.value.trim();
        const relative = /^(\d+)\s*([smhd])$/.exec(text);
        const units: Record<string, number> = { s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7 };
        const at = relative
          ? new Date(Date.now() - Number(relative[1]) * units[relative[2]!]!)
          : new Date(text);
        if (Number.isNaN(at.getTime())) {
          area.replaceChildren(errorBox('Since: an ISO-8601 time, or 30m, 2h, 7d back from now.'));
          return;
        }
        void startChange(area, tenant, route, 'recover', at.toISOString());
      },
    },
    h('label', {}, 'Recover since', since),
    h('button', { type: 'submit' }, 'Preview recover…'),
  );
  return h(
    'div',
    {},
    h(
      'div',
      { class: 'actions' },
      health.status === 'disabled'
        ? h(
            'button',
            { type: 'button', onclick: () => void startChange(area, tenant, route, 'enable') },
            'Enable…',
          )
        : h(
            'button',
            { type: 'button', onclick: () => void startChange(area, tenant, route, 'disable') },
            'Disable…',
          ),
    ),
    recover,
    area,
  );
};

const detailView = async (main: HTMLElement, tenant: string, route: string) => {
  const shown = await apiGet<Shown>(base(tenant, route));
  const hl = shown.health;
  main.append(
    h('h1', {}, `Endpoint ${tenant}/${route}`),
    h('p', { class: 'muted' }, shown.target, ' · ', h('a', { href: pageHref('endpoints') }, 'All endpoints')),
    table(
      ['status', 'failing since (UTC)', 'consecutive failures', 'last error', 'last success (UTC)', 'held'],
      [
        [
          statusBadge(hl.status),
          when(hl.failing_since),
          String(hl.consecutive_failures),
          dash(hl.last_error),
          when(hl.last_success_at),
          shown.held.oldest
            ? `${shown.held.count} (oldest received ${when(shown.held.oldest.received_at)})`
            : String(shown.held.count),
        ],
      ],
      shown.recorded ? 'Health' : 'Health (never failed: no record yet)',
    ),
    hl.status === 'disabled'
      ? h(
          'p',
          { class: 'notice' },
          `Disabled ${when(hl.disabled_at)} UTC (${dash(hl.disabled_reason)}): its deliveries are held until it is enabled.`,
        )
      : '',
    h('h2', {}, 'Recent attempts'),
    shown.recent_attempts.length === 0
      ? emptyState('No deliveries of this endpoint in the delivery log.')
      : table(
          ['event', 'received (UTC)', 'status', 'attempts', 'HTTP', 'latency', 'error', 'next attempt (UTC)'],
          shown.recent_attempts.map((a) => [
            h('a', { href: pageHref(`events/${encodeURIComponent(a.event_id)}`) }, h('code', {}, a.event_id)),
            when(a.received_at),
            statusBadge(a.status),
            String(a.attempts),
            dash(a.last_status),
            a.last_latency_ms === null ? '—' : `${a.last_latency_ms} ms`,
            dash(a.error),
            when(a.next_attempt_at),
          ]),
          'Recent attempts, newest first',
        ),
    actions(tenant, route, hl),
  );
};

const listView = async (main: HTMLElement, query: Query) => {
  const page = await apiGet<{ target: string; items: (Health & { held: number })[]; next: string | null }>(
    '/api/endpoints',
    { tenant_id: query.tenant_id, status: query.status, limit: query.limit ?? '50', cursor: query.cursor },
  );
  main.append(
    h('h1', {}, 'Endpoints'),
    h('p', { class: 'muted' }, page.target),
    filterForm('endpoints', [
      textField('tenant_id', 'Tenant', query.tenant_id),
      selectField('status', 'Status', query.status, ['failing', 'disabled', 'healthy']),
    ]),
    page.items.length === 0
      ? emptyState('No endpoint has failed: every destination is healthy (or none matches the filter).')
      : table(
          ['endpoint', 'status', 'failing since (UTC)', 'failures', 'last error', 'held'],
          page.items.map((e) => [
            h(
              'a',
              {
                href: pageHref(
                  `endpoints/${encodeURIComponent(e.tenant_id)}/${encodeURIComponent(e.route_id)}`,
                ),
              },
              `${e.tenant_id}/${e.route_id}`,
            ),
            statusBadge(e.status),
            when(e.failing_since),
            String(e.consecutive_failures),
            dash(e.last_error),
            String(e.held),
          ]),
          'Endpoints with a health record',
        ),
    pager('endpoints', query, page.next),
  );
};

export const renderEndpoints = async (
  main: HTMLElement,
  query: Query,
  rest: string[] = [],
): Promise<void> => {
  const [tenant, route] = rest;
  if (tenant && route) return detailView(main, tenant, route);
  return listView(main, query);
};
