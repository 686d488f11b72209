import { listDlqs } from '../ops/dlq-list.ts';
import { type EventSummary, searchEvents } from '../ops/events-search.ts';
import { listSyncRuns } from '../ops/sync-reads.ts';
import { tenantsToSearch } from './event-routes.ts';
import { json } from './http.ts';
import { auditName } from './principal.ts';
import type { Route, RouteContext } from './route.ts';

/**
 * The Overview: DLQ depths, the last sync run, and the last 24 h of events — per hour received, failed and
 * still retrying, and the delivery latency p50/p99 — from the newest `OVERVIEW_EVENTS` events of the delivery
 * log (the same event search the Events page runs).
 */

export const OVERVIEW_EVENTS = 200;
const HOUR = 3_600_000;

/** The q-quantile (0..1) of `values`, nearest rank; null for none. */
export const quantile = (values: readonly number[], q: number): number | null => {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
};

/** 24 hourly buckets ending at `now`: events, failed ones, and their latency quantiles. */
export const hourlyBuckets = (events: readonly EventSummary[], now: number) =>
  Array.from({ length: 24 }, (_, i) => {
    const start = Math.floor(now / HOUR) * HOUR - (23 - i) * HOUR;
    const inHour = events.filter((e) => {
      const at = Date.parse(e.received_at);
      return at >= start && at < start + HOUR;
    });
    const latencies = inHour.map((e) => e.last_latency_ms).filter((l): l is number => l !== null);
    return {
      hour: new Date(start).toISOString(),
      events: inHour.length,
      failed: inHour.filter((e) => e.status === 'failed').length,
      retrying: inHour.filter((e) => e.status === 'retrying').length,
      p50_ms: quantile(latencies, 0.5),
      p99_ms: quantile(latencies, 0.99),
    };
  });

const countBy = (events: readonly EventSummary[]) =>
  Object.fromEntries(
    ['delivered', 'retrying', 'pending', 'failed', 'unrouted', 'duplicate'].map((status) => [
      status,
      events.filter((event) => event.status === status).length,
    ]),
  );

const dlqDepths = async (context: RouteContext) => {
  if (context.principal.tenant !== null) return null;
  const ports = { ...context.ports.dlq, who: async () => auditName(context.principal) };
  const output = await listDlqs(ports, context.ports.clock);
  return output.queues.map((q) => ({
    alias: q.alias,
    depth: q.depth,
    oldest_age_seconds: q.oldest_age_seconds,
  }));
};

const overview: Route = {
  method: 'GET',
  pattern: '/api/overview',
  change: false,
  run: async (context) => {
    const { ports } = context;
    const now = ports.clock();
    const since = new Date(now - 24 * HOUR).toISOString();
    const tenantIds = await tenantsToSearch(context, context.request.query.tenant_id);
    const [events, dlqs, runs] = await Promise.all([
      searchEvents(ports, { tenantIds, match: { since }, limit: OVERVIEW_EVENTS }),
      dlqDepths(context),
      // The rest of the overview is still worth having when the sync results cannot be read.
      listSyncRuns({ target: ports.target, runs: ports.syncRuns }).catch((error: unknown) => {
        ports.logError(error);
        return { runs: [] };
      }),
    ]);
    const last = runs.runs[0];
    const latencies = events.events.map((e) => e.last_latency_ms).filter((l): l is number => l !== null);
    return json(200, {
      target: ports.target.label,
      since,
      tenants: tenantIds.length,
      sampled: events.events.length,
      sample_limit: OVERVIEW_EVENTS,
      statuses: countBy(events.events),
      latency: { p50_ms: quantile(latencies, 0.5), p99_ms: quantile(latencies, 0.99) },
      hours: hourlyBuckets(events.events, now),
      dlqs,
      last_sync_run: last
        ? {
            run_id: last.run_id,
            status: last.status,
            tenant_counts: context.principal.tenant === null ? last.tenant_counts : {},
          }
        : null,
      // Webhooks rejected at the receiver never reach the delivery log: the stage's dashboard counts them.
      rejected: null,
    });
  },
};

export const OVERVIEW_ROUTES: readonly Route[] = [overview];
