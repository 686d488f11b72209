import { DLQ_ROUTES } from './dlq-routes.ts';
import { ENDPOINT_ROUTES } from './endpoint-routes.ts';
import { EVENT_ROUTES } from './event-routes.ts';
import { type ConsoleRequest, type ConsoleResponse, problem, responseOfError } from './http.ts';
import { OVERVIEW_ROUTES } from './overview-route.ts';
import type { ConsolePorts } from './ports.ts';
import type { Principal } from './principal.ts';
import { READ_ROUTES } from './read-routes.ts';
import type { Route } from './route.ts';
import { isCsrfToken } from './tokens.ts';

/**
 * The console API: request → response, over the shared/ops use cases. It checks, in this order and for every
 * call: a signed-in caller (401), a known route (404/405), for changes the operator role (403), a same-origin
 * request (403) and the caller's CSRF token (403); the routes enforce the tenant scope themselves.
 */

export const ROUTES: readonly Route[] = [
  ...OVERVIEW_ROUTES,
  ...EVENT_ROUTES,
  ...DLQ_ROUTES,
  ...ENDPOINT_ROUTES,
  ...READ_ROUTES,
];

/** The header a change carries its CSRF token in (the session route hands it out). */
export const CSRF_HEADER = 'x-csrf-token';

const matchPattern = (pattern: string, path: string): Record<string, string> | null => {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (const [i, part] of want.entries()) {
    const segment = have[i]!;
    if (part.startsWith(':')) {
      if (segment === '') return null;
      try {
        params[part.slice(1)] = decodeURIComponent(segment);
      } catch {
        return null;
      }
    } else if (part !== segment) return null;
  }
  return params;
};

const find = (method: string, path: string) => {
  const matches = ROUTES.flatMap((route) => {
    const params = matchPattern(route.pattern, path);
    return params ? [{ route, params }] : [];
  });
  // A literal segment wins over a parameter (`/api/sync/runs/x/report.html` over `/api/sync/runs/:runId`).
  const found = matches.find((m) => m.route.method === method);
  return { found, allowed: [...new Set(matches.map((m) => m.route.method))] };
};

const changeRefusal = (request: ConsoleRequest, principal: Principal, ports: ConsolePorts) => {
  if (principal.role !== 'operator')
    return problem(403, 'forbidden', 'your role (viewer) may look, not change; ask an operator');
  const origin = request.headers.origin;
  if (origin !== undefined && !ports.allowedOrigins.includes(origin))
    return problem(403, 'csrf', `a change from ${origin} is not accepted`);
  if (!isCsrfToken(ports.signingKey, principal.id, request.headers[CSRF_HEADER]))
    return problem(403, 'csrf', `a change needs the ${CSRF_HEADER} header of your session`);
  return null;
};

/** Answers one console API request for the caller (null: nobody signed in). */
export const handleConsoleRequest = async (
  request: ConsoleRequest,
  principal: Principal | null,
  ports: ConsolePorts,
): Promise<ConsoleResponse> => {
  try {
    if (!principal) return problem(401, 'unauthorized', 'sign in first');
    const { found, allowed } = find(request.method.toUpperCase(), request.path);
    if (!found) {
      if (allowed.length === 0) return problem(404, 'not_found', `no route ${request.path}`);
      const refused = problem(405, 'method_not_allowed', `use ${allowed.join(' or ')}`);
      return { ...refused, headers: { ...refused.headers, allow: allowed.join(', ') } };
    }
    if (found.route.change) {
      const refusal = changeRefusal(request, principal, ports);
      if (refusal) return refusal;
    }
    return await found.route.run({ request, principal, ports, params: found.params });
  } catch (error) {
    return responseOfError(error, ports.logError);
  }
};
