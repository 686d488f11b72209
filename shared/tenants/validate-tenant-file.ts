import type * as z from 'zod';
import { CHAT_SYSTEMS } from './destinations.ts';
import { type TenantFileIssue, TenantFileValidationError } from './errors.ts';
import { type TenantFile, TenantFileSchema } from './tenant-file.ts';
import { routeRuleIssues } from './validate-route-rules.ts';
import { secretNamespaceIssues } from './validate-secret-namespace.ts';

type Path = readonly PropertyKey[];
interface RawIssue {
  readonly path: Path;
  readonly message: string;
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `['tenants', 0, 'routes', 2, 'url']` → `tenants[0].routes[2].url`; the file itself is `(file)`. */
export const formatIssuePath = (path: Path): string => {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else if (IDENTIFIER.test(String(key))) out += out ? `.${String(key)}` : String(key);
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out || '(file)';
};

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const withArticle = (noun: string): string => `${/^[aeiou]/.test(noun) ? 'an' : 'a'} ${noun}`;

const typeName = (value: unknown): string =>
  value === null ? 'null' : withArticle(Array.isArray(value) ? 'array' : typeof value);

const listed = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

// Operator-facing wording for zod's generic messages; schema-level messages take precedence over this map.
const operatorMessage: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return 'is required';
      return `must be ${issue.expected === 'int' ? 'a whole number' : withArticle(issue.expected)}, got ${typeName(issue.input)}`;
    case 'invalid_value': {
      const choice =
        issue.values.length === 1
          ? `must be ${listed(issue.values)}`
          : `must be one of ${listed(issue.values)}`;
      return issue.input === undefined ? `is required; ${choice}` : choice;
    }
    case 'invalid_union': {
      if (!('discriminator' in issue)) return undefined;
      const { discriminator, options = [] } = issue as {
        discriminator: string;
        options?: readonly unknown[];
      };
      const given = isRecord(issue.input) ? issue.input[discriminator] : undefined;
      return `${given === undefined ? 'is required; ' : ''}must be one of ${listed(options)}`;
    }
    case 'unrecognized_keys':
      return `has unknown field${issue.keys.length > 1 ? 's' : ''} ${listed(issue.keys)} (check the spelling)`;
    case 'too_small':
      if (issue.origin === 'array') return `must have at least ${issue.minimum} item(s)`;
      if (issue.origin === 'string') return `must be at least ${issue.minimum} character(s)`;
      return `must be ${issue.inclusive ? 'at least' : 'greater than'} ${issue.minimum}`;
    case 'too_big':
      if (issue.origin === 'array') return `must have at most ${issue.maximum} item(s)`;
      if (issue.origin === 'string') return `must be at most ${issue.maximum} characters`;
      return `must be ${issue.inclusive ? 'at most' : 'less than'} ${issue.maximum}`;
    default:
      return undefined;
  }
};

const records = (value: unknown): [Record<string, unknown>, number][] =>
  Array.isArray(value) ? value.flatMap((item, i) => (isRecord(item) ? [[item, i] as const] : [])) : [];

/** Reports the second and later occurrences of a string key among the items of a list. */
const duplicates = (items: [Record<string, unknown>, number][], key: string, what: string, at: Path) => {
  const first = new Map<string, number>();
  const issues: RawIssue[] = [];
  for (const [item, i] of items) {
    const value = item[key];
    if (typeof value !== 'string') continue;
    const seen = first.get(value);
    if (seen === undefined) first.set(value, i);
    else
      issues.push({
        path: [...at, i, key],
        message: `duplicate ${what} "${value}" (first at ${formatIssuePath([...at, seen])})`,
      });
  }
  return issues;
};

const chatSystems: readonly string[] = CHAT_SYSTEMS;

// Consistency across items; runs on the raw input so it reports even when other parts fail the schema.
const crossCheck = (input: unknown): RawIssue[] => {
  if (!isRecord(input)) return [];
  const tenants = records(input.tenants);
  const issues = duplicates(tenants, 'tenant_id', 'tenant id', ['tenants']);
  for (const [tenant, t] of tenants) {
    const at = ['tenants', t];
    const integrations = records(tenant.integrations);
    const routes = records(tenant.routes);
    issues.push(...duplicates(integrations, 'system', 'integration for', [...at, 'integrations']));
    issues.push(...duplicates(routes, 'route_id', 'route id', [...at, 'routes']));
    const integrated = new Set(integrations.map(([integration]) => integration.system));
    for (const [route, r] of routes) {
      const destination = route.destination;
      if (!isRecord(destination) || destination.type !== 'chat') continue;
      const system = destination.system;
      if (typeof system === 'string' && chatSystems.includes(system) && !integrated.has(system)) {
        issues.push({
          path: [...at, 'routes', r, 'destination', 'system'],
          message: `the tenant has no ${system} integration; add one to integrations`,
        });
      }
    }
  }
  return issues;
};

/** Validates a parsed tenant file: the typed file, or every problem with its path. */
export const validateTenantFile = (
  input: unknown,
): { ok: true; file: TenantFile } | { ok: false; issues: TenantFileIssue[] } => {
  const parsed = TenantFileSchema.safeParse(input, { error: operatorMessage });
  const raw: RawIssue[] = [...(parsed.error?.issues ?? []), ...crossCheck(input), ...routeRuleIssues(input)];
  if (parsed.success && raw.length === 0) return { ok: true, file: parsed.data };
  return {
    ok: false,
    issues: raw.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
  };
};

/** Where a tenant file is applied: checks that depend on the stage rather than on the file alone. */
export interface TenantFileTarget {
  /**
   * The stage's secret prefix (`tsunagi/<stage>`): every secret a route or integration names must lie under
   * `<prefix>/<tenantId>/`. Without it only the file itself is checked.
   */
  readonly secretPrefix?: string;
}

/** `validateTenantFile`, plus the checks of the target it is applied to, every problem reported together. */
export const validateTenantFileFor = (
  input: unknown,
  target: TenantFileTarget,
): { ok: true; file: TenantFile } | { ok: false; issues: TenantFileIssue[] } => {
  const result = validateTenantFile(input);
  const namespace =
    target.secretPrefix === undefined ? [] : secretNamespaceIssues(input, target.secretPrefix);
  if (namespace.length === 0) return result;
  const extra = namespace.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message }));
  return { ok: false, issues: [...(result.ok ? [] : result.issues), ...extra] };
};

/** Parses a tenant file's value; throws `TenantFileValidationError` listing every problem. */
export const parseTenantFile = (input: unknown, target: TenantFileTarget = {}): TenantFile => {
  const result = validateTenantFileFor(input, target);
  if (!result.ok) throw new TenantFileValidationError(result.issues);
  return result.file;
};

/** Parses a tenant file's JSON text; invalid JSON is reported as a problem of the file itself. */
export const parseTenantFileText = (text: string, target: TenantFileTarget = {}): TenantFile => {
  let input: unknown;
  try {
    input = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new TenantFileValidationError([{ path: '(file)', message: `is not valid JSON: ${reason}` }], {
      cause: error,
    });
  }
  return parseTenantFile(input, target);
};
