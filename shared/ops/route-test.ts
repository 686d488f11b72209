import type { RoutedEventReader } from '../delivery/delivery-log.ts';
import { deliveryId } from '../delivery/delivery-message.ts';
import { type DeliveryPreview, previewDelivery } from '../delivery/destinations/delivery-preview.ts';
import type { TransformOutput } from '../delivery/destinations/delivery-transforms.ts';
import { routeDocumentOf } from '../delivery/destinations/route-document.ts';
import { PermanentError } from '../kernel/errors.ts';
import type { TenantDirectory } from '../tenants/ports.ts';
import { type RouteMiss, selectRoutes } from '../tenants/select-routes.ts';
import type { Route } from '../tenants/tenant-file.ts';
import { runTransform } from '../tenants/transforms/run-transform.ts';
import { sharedTransformCache } from '../tenants/transforms/transform-cache.ts';
import { TransformError } from '../tenants/transforms/transform-errors.ts';
import { NotFoundError } from './errors.ts';
import type { OpsTarget } from './ports.ts';
import { loadRouteTestEvent, type RouteTestEvent, type RouteTestEventSource } from './route-test-event.ts';

/**
 * `routes test`: whether a route matches an event, which condition failed when it does not, and the exact
 * request its destination would get, built by the router's matching and the worker's own code, sending
 * nothing.
 */

export interface RouteTestPorts {
  readonly target: OpsTarget;
  readonly directory: TenantDirectory;
  readonly events: RoutedEventReader;
  /** The worker's `EMAIL_FROM` on this target, for email routes that name no sender. */
  readonly defaultFrom: string;
  readonly now?: () => Date;
}

export interface RouteTestInput {
  readonly tenantId: string;
  readonly routeId: string;
  readonly event: RouteTestEventSource;
}

/** What `--json` prints, exactly. */
export interface RouteTestResult {
  readonly matched: boolean;
  readonly failed_condition: string | null;
  readonly request: { readonly headers: Readonly<Record<string, string>>; readonly body: unknown } | null;
}

/** The result and what a person reading it needs besides. */
export interface RouteTestReport {
  readonly target: string;
  readonly route: Route;
  readonly event: RouteTestEvent;
  readonly result: RouteTestResult;
  /** Where the request would go (`POST <url>`, …); null when nothing would be sent. */
  readonly destination: string | null;
  /** The transform's error when the route matches but its transform fails: the delivery would dead-letter. */
  readonly transform_error: string | null;
}

const FIELD: Record<RouteMiss['reason'], string> = {
  disabled: 'enabled',
  provider: 'match.provider',
  event_type: 'match.event_type',
  filter: 'match.filter',
  filter_invalid: 'match.filter',
};

const describeMiss = (miss: RouteMiss): string =>
  `${FIELD[miss.reason]}: ${miss.detail ?? (miss.reason === 'disabled' ? 'the route is disabled' : miss.reason)}`;

const runRouteTransform = async (route: Route, document: unknown): Promise<TransformOutput> => {
  if (route.transform === undefined) return null;
  const compiled = sharedTransformCache.get(route.transform);
  if (compiled instanceof TransformError) throw compiled;
  return { value: await runTransform(compiled, document) };
};

const findRoute = async (ports: RouteTestPorts, input: RouteTestInput) => {
  const where = ports.target.label;
  const tenant = await ports.directory.getTenant(input.tenantId);
  if (!tenant) throw new NotFoundError(`no tenant "${input.tenantId}" in ${where}`);
  const route = (await ports.directory.getRoutes(input.tenantId)).find((r) => r.route_id === input.routeId);
  if (!route) throw new NotFoundError(`tenant ${input.tenantId} has no route "${input.routeId}" in ${where}`);
  return { tenant, route };
};

/** A transform failure as the worker would report it; null for any other error. */
const transformFailure = (error: unknown): string | null => {
  if (error instanceof TransformError) return `${error.kind}: ${error.message}`;
  if (error instanceof PermanentError && error.reason.code === 'transform_failed')
    return error.reason.message;
  return null;
};

const previewFor = async (
  ports: RouteTestPorts,
  route: Route,
  event: RouteTestEvent,
  document: unknown,
  now: Date,
): Promise<DeliveryPreview> => {
  const output = await runRouteTransform(route, document);
  const context = {
    deliveryId: deliveryId(event.payload.event_id, route.route_id),
    routeId: route.route_id,
    tenantId: event.payload.tenant_id,
    traceId: event.payload.trace_id,
    payload: event.payload,
    deadline: now.getTime() + 60_000,
    headers: event.headers,
  };
  return previewDelivery(route.destination, context, output, {
    now: now.getTime(),
    defaultFrom: ports.defaultFrom,
  });
};

/** Why the route does not take the event, or null when it does. */
const failedCondition = async (
  status: string,
  route: Route,
  event: RouteTestEvent,
  document: unknown,
): Promise<string | null> => {
  if (status !== 'active') return `tenant: the tenant is ${status}, so none of its routes match`;
  const routable = { provider: event.provider, event_type: event.payload.type };
  const { missed } = await selectRoutes([route], routable, async () => document);
  return missed[0] ? describeMiss(missed[0]) : null;
};

/** Tests one route of a tenant against an event; throws `NotFoundError` / `OpsInputError` when either is unreadable. */
export const testRoute = async (ports: RouteTestPorts, input: RouteTestInput): Promise<RouteTestReport> => {
  const now = ports.now?.() ?? new Date();
  const { tenant, route } = await findRoute(ports, input);
  const event = await loadRouteTestEvent(input.event, {
    tenantId: input.tenantId,
    reader: ports.events,
    where: ports.target.label,
    now,
  });
  const base = { target: ports.target.label, route, event };
  const document = routeDocumentOf(event.payload, event.headers);
  const failed = await failedCondition(tenant.status, route, event, document);
  if (failed !== null) {
    return {
      ...base,
      result: { matched: false, failed_condition: failed, request: null },
      destination: null,
      transform_error: null,
    };
  }
  try {
    const preview = await previewFor(ports, route, event, document, now);
    const request = { headers: preview.headers, body: preview.body };
    return {
      ...base,
      result: { matched: true, failed_condition: null, request },
      destination: preview.target,
      transform_error: null,
    };
  } catch (error) {
    const failure = transformFailure(error);
    if (failure === null) throw error;
    return {
      ...base,
      result: { matched: true, failed_condition: null, request: null },
      destination: null,
      transform_error: failure,
    };
  }
};
