import type { RateLimitConfig } from '../../../shared/sync/connectors/index.ts';
import type { FakeRequest, FakeResponse } from '../fakes/fake-server.ts';
import type { FakeGate } from './gate.ts';
import type { FakeTenantData } from './seed.ts';

/** What a vendor handler answers, and whom it counted the request against (for the books). */
export interface VendorAnswer {
  readonly response: FakeResponse;
  readonly tenant: string | null;
  readonly method: string;
  readonly violation?: boolean;
}

/** What every fake vendor shares. */
export interface VendorContext {
  readonly gate: FakeGate;
  readonly timeScale: number;
  /** Unscaled: the gate divides windows by `timeScale` itself. */
  readonly limits: RateLimitConfig;
  readonly tenants: ReadonlyMap<string, FakeTenantData>;
}

/** Query parameters merged with a form body, as vendors accept arguments either way. */
export const argumentsOf = (request: FakeRequest): URLSearchParams => {
  const merged = new URLSearchParams(request.query);
  if ((request.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(request.body.toString('utf8'))) merged.set(name, value);
  }
  return merged;
};

/** Client id and secret from `Authorization: Basic`, which token endpoints accept besides form fields. */
export const basicCredentials = (request: FakeRequest): { id: string; secret: string } | null => {
  const match = /^Basic\s+(\S+)$/i.exec(request.headers.authorization ?? '');
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 0 ? null : { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
};

/** An opaque offset cursor, as opaque as the vendors' own (`prefix` keeps one listing's cursor out of another). */
export const encodeCursor = (prefix: string, offset: number): string =>
  Buffer.from(`${prefix}:${offset}`, 'utf8').toString('base64url');

/** The offset in a cursor, or null when it is not one of ours for `prefix`. */
export const decodeCursor = (prefix: string, cursor: string): number | null => {
  const match = new RegExp(`^${prefix}:(\\d+)$`).exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match?.[1] === undefined ? null : Number(match[1]);
};

/** One page of `items` from `offset`, and the offset of the next page (null on the last). */
export const slice = <T>(
  items: readonly T[],
  offset: number,
  size: number,
): { page: T[]; next: number | null } => {
  const page = items.slice(offset, offset + size);
  return { page, next: offset + size < items.length ? offset + size : null };
};

/** A page size from a query value: the default when absent, null when it is not an integer in [1, max]. */
export const sizeOf = (value: string | null, fallback: number, max: number): number | null => {
  if (value === null || value === '') return fallback;
  const size = Number(value);
  return Number.isInteger(size) && size >= 1 && size <= max ? size : null;
};
