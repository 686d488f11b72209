import { eventPatternIssues } from './filters/compile-pattern.ts';
import { transformProblem } from './transforms/compile-transform.ts';

/**
 * Apply-time checks of what the schema cannot see into: every route's `match.filter` must compile as an
 * event pattern and its `transform` as a bounded JSONata expression. Runs on the raw file, so it reports
 * alongside the schema's own problems; a filter or transform of the wrong type is left to the schema.
 */

type Path = readonly PropertyKey[];

/** One problem at a path of the tenant file. */
export interface RouteRuleIssue {
  readonly path: Path;
  readonly message: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const itemsOf = (value: unknown): [Record<string, unknown>, number][] =>
  Array.isArray(value) ? value.flatMap((item, i) => (isRecord(item) ? [[item, i] as const] : [])) : [];

const routeIssues = (route: Record<string, unknown>, at: Path): RouteRuleIssue[] => {
  const issues: RouteRuleIssue[] = [];
  const filter = isRecord(route.match) ? route.match.filter : undefined;
  if (isRecord(filter)) {
    for (const issue of eventPatternIssues(filter)) {
      issues.push({ path: [...at, 'match', 'filter', ...issue.path], message: issue.message });
    }
  }
  if (typeof route.transform === 'string') {
    const problem = transformProblem(route.transform);
    if (problem !== null) issues.push({ path: [...at, 'transform'], message: problem });
  }
  return issues;
};

/** Every filter and transform problem of a tenant file's routes, each with its path. */
export const routeRuleIssues = (input: unknown): RouteRuleIssue[] => {
  if (!isRecord(input)) return [];
  return itemsOf(input.tenants).flatMap(([tenant, t]) =>
    itemsOf(tenant.routes).flatMap(([route, r]) => routeIssues(route, ['tenants', t, 'routes', r])),
  );
};
