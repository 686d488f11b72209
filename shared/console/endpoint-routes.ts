import * as z from 'zod';
import type { EndpointRef } from '../delivery/health/ports.ts';
import { disableEndpoint, enableEndpoint } from '../ops/endpoints/endpoint-changes.ts';
import { listEndpoints, showEndpoint } from '../ops/endpoints/endpoint-reads.ts';
import { recoverEndpoint } from '../ops/endpoints/endpoint-recover.ts';
import type { EndpointOpsPorts } from '../ops/endpoints/ports.ts';
import { RouteIdSchema } from '../tenants/tenant-file.ts';
import { confirmationOf, requireConfirmation } from './confirmation.ts';
import { bodyOf, HttpProblem, json } from './http.ts';
import { auditName } from './principal.ts';
import {
  IsoTimeSchema,
  paginate,
  queryOf,
  type Route,
  type RouteContext,
  scopedTenant,
  TenantIdSchema,
} from './route.ts';

// Endpoints: the destinations' health, one destination, and the changes (disable, enable, recover since a
// time), each previewed by its dry run and then confirmed, over the same use cases as `ops endpoints …`.

/** The endpoint use cases' ports, acting as the signed-in person. */
const endpointPorts = ({ ports, principal }: RouteContext): EndpointOpsPorts => ({
  ...ports.dlq,
  who: async () => auditName(principal),
  health: ports.endpoints,
  held: ports.endpoints,
  tenants: ports.tenants,
  index: ports.index,
  log: ports.log,
});

/** The destination of the path, refused (403) when the caller is scoped to another tenant. */
const refOf = (context: RouteContext): EndpointRef => {
  const tenantId = TenantIdSchema.parse(context.params.tenant);
  const routeId = RouteIdSchema.parse(context.params.route);
  scopedTenant(context.principal, tenantId);
  return { tenantId, routeId };
};

const ListQuerySchema = z.object({
  tenant_id: z.string().optional(),
  status: z.enum(['healthy', 'failing', 'disabled']).optional(),
  limit: z.string().optional(),
  cursor: z.string().optional(),
});

const list: Route = {
  method: 'GET',
  pattern: '/api/endpoints',
  change: false,
  run: async (context) => {
    const query = queryOf(context, ListQuerySchema);
    const tenantId = scopedTenant(context.principal, query.tenant_id);
    if (tenantId !== undefined) TenantIdSchema.parse(tenantId);
    const output = await listEndpoints(endpointPorts(context), {
      ...(tenantId !== undefined ? { tenantId } : {}),
      ...(query.status !== undefined ? { status: query.status } : {}),
    });
    const page = paginate(output.endpoints, context.request.query);
    return json(200, { target: output.target, filter: output.filter, ...page });
  },
};

const show: Route = {
  method: 'GET',
  pattern: '/api/endpoints/:tenant/:route',
  change: false,
  run: async (context) => json(200, await showEndpoint(endpointPorts(context), refOf(context))),
};

const ChangeBodySchema = z.strictObject({
  confirmation: z.string().max(512).optional(),
  /** recover only. */
  since: IsoTimeSchema.optional(),
});

type Action = 'disable' | 'enable' | 'recover';

/** The exact input a change is confirmed for: the destination, and for recover its `since`. */
const changeInput = (context: RouteContext, action: Action) => {
  const ref = refOf(context);
  const body = ChangeBodySchema.parse(bodyOf(context.request));
  if (action === 'recover') {
    if (body.since === undefined)
      throw new HttpProblem(400, 'bad_request', 'since: recover needs the time to recover from (ISO-8601)');
    if (Date.parse(body.since) > context.ports.clock())
      throw new HttpProblem(400, 'bad_request', 'since: that time is in the future');
  } else if (body.since !== undefined) {
    throw new HttpProblem(400, 'bad_request', `since: only recover takes a time, not ${action}`);
  }
  const input = {
    tenant_id: ref.tenantId,
    route_id: ref.routeId,
    ...(body.since ? { since: body.since } : {}),
  };
  return { ref, input, since: body.since, token: body.confirmation };
};

const runChange = (context: RouteContext, action: Action, dryRun: boolean) => {
  const { ref, since } = changeInput(context, action);
  const ports = endpointPorts(context);
  const clock = context.ports.clock;
  if (action === 'disable') return disableEndpoint(ports, { ref, dryRun }, clock);
  if (action === 'enable') return enableEndpoint(ports, { ref, dryRun }, clock);
  return recoverEndpoint(
    ports,
    { ref, since: new Date(since!), dryRun },
    // One call runs for a chunk of time; the page calls again (same confirmation) until it is done.
    { clock, signal: dryRun ? undefined : AbortSignal.timeout(Math.max(1, context.ports.chunkMs)) },
  );
};

const preview = (action: Action): Route => ({
  method: 'POST',
  pattern: `/api/endpoints/:tenant/:route/${action}/preview`,
  change: true,
  run: async (context) => {
    const { input } = changeInput(context, action);
    const output = await runChange(context, action, true);
    return json(200, { ...output, ...confirmationOf(context, `endpoints ${action}`, input) });
  },
});

const change = (action: Action): Route => ({
  method: 'POST',
  pattern: `/api/endpoints/:tenant/:route/${action}`,
  change: true,
  run: async (context) => {
    const { input, token } = changeInput(context, action);
    requireConfirmation(context, `endpoints ${action}`, input, token);
    const output = await runChange(context, action, false);
    return json(200, { ...output, done: output.dead_letters?.outcome !== 'interrupted' });
  },
});

export const ENDPOINT_ROUTES: readonly Route[] = [
  list,
  show,
  ...(['disable', 'enable', 'recover'] as const).flatMap((action) => [preview(action), change(action)]),
];
