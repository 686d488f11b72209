import { ApiError, apiGet } from '../api.ts';
import { emptyState, errorBox, h, pageHref, statusBadge, table, when } from '../dom.ts';

interface Journey {
  target: string;
  event_id: string;
  status: string | null;
  routing: {
    tenant_id: string;
    provider: string;
    provider_event_id: string | null;
    event_type: string | null;
    trace_id: string;
    received_at: string;
    routed_at: string;
    route_ids: string[];
    duplicate_of: string | null;
  } | null;
  deliveries: {
    route_id: string;
    destination_type: string;
    status: string;
    attempts: number;
    receive_count: number;
    latencies_ms: number[];
    last_status: number | null;
    last_error: { code: string; message: string; attempts: number; failed_at: string } | null;
    updated_at: string;
    via?: string;
    next_attempt_at?: string;
    next_attempt?: number;
  }[];
}

const facts = (pairs: [string, Node | string][]) =>
  h('dl', { class: 'facts' }, ...pairs.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));

export const renderJourney = async (main: HTMLElement, eventId: string): Promise<void> => {
  main.append(h('h1', {}, 'Event journey'), h('p', {}, h('a', { href: pageHref('events') }, '← Events')));
  let journey: Journey;
  try {
    journey = await apiGet<Journey>(`/api/events/${encodeURIComponent(eventId)}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) {
      main.append(errorBox(`No event ${eventId} that you may see: ${error.message}`));
      return;
    }
    throw error;
  }
  const r = journey.routing;
  main.append(
    h('h2', {}, 'Receipt'),
    facts([
      ['event id', h('code', {}, journey.event_id)],
      ['status', statusBadge(journey.status)],
      ['tenant', r?.tenant_id ?? '—'],
      ['provider', r?.provider ?? '—'],
      ['event type', r?.event_type ?? '—'],
      ['provider event id', r?.provider_event_id ?? '—'],
      ['received (UTC)', when(r?.received_at)],
      ['trace id', h('code', {}, r?.trace_id ?? '—')],
      [
        'verification, size, claim-check',
        'not recorded in the delivery log (the receiver’s log line has them)',
      ],
    ]),
    h('h2', {}, 'Routing'),
    !r
      ? emptyState('Not routed yet (or the routing record expired).')
      : r.duplicate_of
        ? h(
            'p',
            {},
            'A provider redelivery of ',
            h('a', { href: pageHref(`events/${encodeURIComponent(r.duplicate_of)}`) }, r.duplicate_of),
            ': nothing was sent again.',
          )
        : r.route_ids.length === 0
          ? h('p', {}, 'Unrouted: no route of the tenant matched (counted, not an error).')
          : h(
              'p',
              {},
              `Routed at ${when(r.routed_at)} to ${r.route_ids.length} route(s): ${r.route_ids.join(', ')}`,
            ),
    h('h2', {}, 'Deliveries'),
    journey.deliveries.length === 0
      ? emptyState('No delivery recorded yet.')
      : table(
          [
            'route',
            'type',
            'status',
            'attempts',
            'latencies',
            'last status',
            'last error',
            'next attempt',
            'updated (UTC)',
          ],
          journey.deliveries.map((d) => [
            d.route_id,
            `${d.destination_type}${d.via ? ` via ${d.via}` : ''}`,
            statusBadge(d.status),
            `${d.attempts} (${d.receive_count} receive${d.receive_count === 1 ? '' : 's'})`,
            d.latencies_ms.map((l) => `${l} ms`).join(', ') || '—',
            d.last_status === null ? '—' : String(d.last_status),
            d.last_error ? `${d.last_error.code}: ${d.last_error.message}` : '—',
            d.next_attempt_at ? `#${d.next_attempt} at ${when(d.next_attempt_at)}` : '—',
            when(d.updated_at),
          ]),
          'Deliveries of the event',
        ),
    h(
      'p',
      { class: 'muted' },
      `Read from ${journey.target}; the CLI shows the same: npm run ops -- events show ${journey.event_id}`,
    ),
  );
};
