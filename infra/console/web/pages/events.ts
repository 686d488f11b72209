import { apiGet } from '../api.ts';
import {
  emptyState,
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

interface EventRow {
  event_id: string;
  tenant_id: string;
  provider: string;
  event_type: string | null;
  provider_event_id: string | null;
  received_at: string;
  routes: number;
  status: string;
  attempts: number;
  last_latency_ms: number | null;
}

const STATUSES = ['delivered', 'retrying', 'pending', 'failed', 'unrouted', 'duplicate'];

export const tenantOptions = async (): Promise<string[]> => {
  const tenants = await apiGet<{ items: { tenant_id: string }[] }>('/api/tenants', { limit: '200' });
  return tenants.items.map((t) => t.tenant_id);
};

export const renderEvents = async (main: HTMLElement, query: Query): Promise<void> => {
  if (query.event_id) {
    location.hash = pageHref(`events/${encodeURIComponent(query.event_id)}`);
    return;
  }
  const [tenants, page] = await Promise.all([
    tenantOptions(),
    apiGet<{ items: EventRow[]; next: string | null }>('/api/events', {
      tenant_id: query.tenant_id,
      provider: query.provider,
      event_type: query.event_type,
      provider_event_id: query.provider_event_id,
      status: query.status,
      since: query.since,
      until: query.until,
      limit: query.limit ?? '25',
      cursor: query.cursor,
    }),
  ]);
  const form = filterForm('events', [
    textField('event_id', 'Platform event id', undefined, 'evt_…'),
    selectField('tenant_id', 'Tenant', query.tenant_id, tenants),
    textField('provider', 'Provider', query.provider, 'stripe'),
    textField('event_type', 'Event type', query.event_type),
    selectField('status', 'Status', query.status, STATUSES),
    textField('provider_event_id', 'Provider event id', query.provider_event_id),
    textField('since', 'Received since (ISO)', query.since),
    textField('until', 'Received until (ISO)', query.until),
  ]);
  const rows = page.items.map((e) => [
    h('a', { href: pageHref(`events/${encodeURIComponent(e.event_id)}`) }, h('code', {}, e.event_id)),
    when(e.received_at),
    e.tenant_id,
    e.provider,
    e.event_type ?? '—',
    statusBadge(e.status),
    String(e.routes),
    String(e.attempts),
    e.last_latency_ms === null ? '—' : `${e.last_latency_ms} ms`,
  ]);
  main.append(
    h('h1', {}, 'Events'),
    form,
    page.items.length === 0
      ? emptyState('No events match these filters.')
      : table(
          [
            'event',
            'received (UTC)',
            'tenant',
            'provider',
            'type',
            'status',
            'routes',
            'attempts',
            'latency',
          ],
          rows,
          'Events, newest first',
        ),
    pager('events', query, page.next),
  );
};
