import * as z from 'zod';
import type { ConsoleRequest, ConsoleResponse } from './http.ts';
import { HttpProblem } from './http.ts';
import type { ConsolePorts } from './ports.ts';
import type { Principal } from './principal.ts';

/** One route of the console API: a pure function of the request, the caller and the ports. */
export interface RouteContext {
  readonly request: ConsoleRequest;
  readonly principal: Principal;
  readonly ports: ConsolePorts;
  /** Path parameters (`:queue` → `queue`), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
}

export interface Route {
  readonly method: 'GET' | 'POST';
  /** `/api/dlqs/:queue/messages`. */
  readonly pattern: string;
  /** A change: operators only, CSRF token required, confirmation token required by the route. */
  readonly change: boolean;
  run(context: RouteContext): Promise<ConsoleResponse>;
}

/** Page size of every list, unless `limit` says otherwise (1..200). */
export const DEFAULT_PAGE = 50;

export const LimitSchema = z.coerce.number().int().min(1).max(200).default(DEFAULT_PAGE);

/** Opaque cursors: base64url JSON, so a URL can carry one and nobody relies on its shape. */
export const encodeCursor = (value: unknown): string =>
  Buffer.from(JSON.stringify(value)).toString('base64url');

export const decodeCursor = <T>(text: string | undefined, schema: z.ZodType<T>): T | null => {
  if (text === undefined || text === '') return null;
  try {
    return schema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
  } catch {
    throw new HttpProblem(400, 'bad_request', 'cursor: not a cursor this API gave out');
  }
};

const OffsetSchema = z.object({ o: z.number().int().nonnegative() });

/** A page of an in-memory list: `{items, next}` where `next` is the cursor of the following page or null. */
export const paginate = <T>(items: readonly T[], query: Readonly<Record<string, string>>) => {
  const limit = LimitSchema.parse(query.limit);
  const offset = decodeCursor(query.cursor, OffsetSchema)?.o ?? 0;
  const page = items.slice(offset, offset + limit);
  const next = offset + limit < items.length ? encodeCursor({ o: offset + limit }) : null;
  return { items: page, total: items.length, next };
};

/**
 * The tenant a request may look at: the caller's own when scoped (asking for another is refused), else the
 * one asked for, or undefined for all.
 */
export const scopedTenant = (principal: Principal, asked: string | undefined): string | undefined => {
  if (principal.tenant === null) return asked === '' ? undefined : asked;
  if (asked !== undefined && asked !== '' && asked !== principal.tenant)
    throw new HttpProblem(403, 'forbidden', `you may only see tenant "${principal.tenant}"`);
  return principal.tenant;
};

/** Refuses a caller scoped to one tenant: what the route shows or changes spans every tenant. */
export const requireAllTenants = (principal: Principal, what: string): void => {
  if (principal.tenant !== null)
    throw new HttpProblem(403, 'forbidden', `${what} spans every tenant; your access is limited to one`);
};

/** Parses the query with `schema` (a 400 on a bad value). */
export const queryOf = <S extends z.ZodType>(context: RouteContext, schema: S): z.infer<S> =>
  schema.parse(context.request.query);

export const TenantIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'a tenant id');
export const IsoTimeSchema = z
  .string()
  .refine((text) => !Number.isNaN(Date.parse(text)), 'an ISO-8601 time')
  .transform((text) => new Date(text).toISOString());
