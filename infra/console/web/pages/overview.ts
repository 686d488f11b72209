import { apiGet } from '../api.ts';
import { chart } from '../chart.ts';
import {
  ageText,
  emptyState,
  filterForm,
  h,
  pageHref,
  type Query,
  selectField,
  statusBadge,
} from '../dom.ts';
import { tenantOptions } from './events.ts';

interface Overview {
  target: string;
  since: string;
  tenants: number;
  sampled: number;
  sample_limit: number;
  statuses: Record<string, number>;
  latency: { p50_ms: number | null; p99_ms: number | null };
  hours: {
    hour: string;
    events: number;
    failed: number;
    retrying: number;
    p50_ms: number | null;
    p99_ms: number | null;
  }[];
  dlqs: { alias: string; depth: number; oldest_age_seconds: number | null }[] | null;
  last_sync_run: { run_id: string; status: string; tenant_counts: Record<string, number> } | null;
}

const card = (label: string, value: string | number, href?: string) =>
  h(
    'div',
    { class: 'card' },
    h('div', { class: 'value' }, href ? h('a', { href }, String(value)) : String(value)),
    h('div', { class: 'label' }, label),
  );

export const renderOverview = async (main: HTMLElement, query: Query): Promise<void> => {
  const [data, tenants] = await Promise.all([
    apiGet<Overview>('/api/overview', { tenant_id: query.tenant_id }),
    tenantOptions(),
  ]);
  const labels = data.hours.map((hour) => hour.hour.slice(11, 16));
  const s = data.statuses;
  main.append(
    h('h1', {}, 'Overview'),
    tenants.length > 1 ? filterForm('', [selectField('tenant_id', 'Tenant', query.tenant_id, tenants)]) : '',
    h(
      'p',
      { class: 'muted' },
      `${data.target} · last 24 h · ${data.tenants} tenant(s) · from the ${data.sampled} newest events (at most ${data.sample_limit})`,
    ),
    h(
      'div',
      { class: 'cards' },
      card(
        'events (24 h)',
        data.sampled,
        pageHref('events', { since: data.since, tenant_id: query.tenant_id }),
      ),
      card(
        'delivered',
        s.delivered ?? 0,
        pageHref('events', { status: 'delivered', since: data.since, tenant_id: query.tenant_id }),
      ),
      card(
        'retrying',
        s.retrying ?? 0,
        pageHref('events', { status: 'retrying', since: data.since, tenant_id: query.tenant_id }),
      ),
      card(
        'failed',
        s.failed ?? 0,
        pageHref('events', { status: 'failed', since: data.since, tenant_id: query.tenant_id }),
      ),
      card(
        'unrouted',
        s.unrouted ?? 0,
        pageHref('events', { status: 'unrouted', since: data.since, tenant_id: query.tenant_id }),
      ),
      card('latency p50 / p99', `${data.latency.p50_ms ?? '—'} / ${data.latency.p99_ms ?? '—'} ms`),
      ...(data.dlqs ?? []).map((q) =>
        card(
          `${q.alias} (oldest ${ageText(q.oldest_age_seconds)})`,
          q.depth,
          pageHref('dlqs', { queue: q.alias }),
        ),
      ),
    ),
    data.dlqs === null
      ? h('p', { class: 'notice' }, 'DLQ depths count every tenant: hidden for your tenant-scoped access.')
      : '',
    h(
      'p',
      { class: 'notice' },
      'Webhooks rejected at the receiver (bad signatures, unknown tenants) never reach the delivery log: on a stage, the CloudWatch dashboard counts them.',
    ),
    data.sampled === 0
      ? emptyState('No events in the last 24 hours. Locally, run `npm run demo` in another terminal.')
      : h(
          'div',
          { class: 'charts' },
          chart('Events per hour', labels, [
            { label: 'received', color: '#0b5cad', kind: 'bar', values: data.hours.map((x) => x.events) },
            { label: 'failed', color: '#b3261e', kind: 'bar', values: data.hours.map((x) => x.failed) },
          ]),
          chart(
            'Failure rate per hour (%)',
            labels,
            [
              {
                label: 'failed %',
                color: '#b3261e',
                kind: 'line',
                values: data.hours.map((x) => (x.events ? Math.round((100 * x.failed) / x.events) : null)),
              },
            ],
            '%',
          ),
          chart(
            'Delivery latency (ms)',
            labels,
            [
              { label: 'p50', color: '#1a7f37', kind: 'line', values: data.hours.map((x) => x.p50_ms) },
              { label: 'p99', color: '#8a5300', kind: 'line', values: data.hours.map((x) => x.p99_ms) },
            ],
            '',
          ),
        ),
    h('h2', {}, 'Last sync run'),
    data.last_sync_run
      ? h(
          'p',
          {},
          h(
            'a',
            { href: pageHref(`sync/${encodeURIComponent(data.last_sync_run.run_id)}`) },
            data.last_sync_run.run_id,
          ),
          ' ',
          statusBadge(data.last_sync_run.status),
          ' ',
          Object.entries(data.last_sync_run.tenant_counts)
            .map(([k, v]) => `${k} ${v}`)
            .join(', '),
        )
      : emptyState('No sync run stored yet. Locally: npm run ops -- sync run --local'),
  );
};
