import { authHeader, signIn } from './auth.ts';
import { currentConfig } from './config.ts';

export { loadConfig } from './config.ts';

/** The console API from the page: JSON in and out, the session's CSRF token on every change. */

export interface Session {
  readonly user: {
    readonly name: string;
    readonly role: 'operator' | 'viewer';
    readonly tenant: string | null;
  };
  readonly target: string;
  readonly stage: string;
  readonly local: boolean;
  readonly csrf: string;
}

export class ApiError extends Error {
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let session: Session | undefined;

export const currentSession = (): Session => session!;

const request = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
  const headers: Record<string, string> = { accept: 'application/json', ...authHeader() };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && session) headers['x-csrf-token'] = session.csrf;
  const response = await fetch(`${currentConfig().apiBase}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const parsed = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.status === 401 && currentConfig().auth) {
    signIn();
    throw new ApiError(401, 'unauthorized', 'signing in…', parsed);
  }
  if (!response.ok) {
    const message =
      typeof parsed.message === 'string' ? parsed.message : `the API answered ${response.status}`;
    throw new ApiError(response.status, String(parsed.error ?? response.status), message, parsed);
  }
  return parsed as T;
};

const withQuery = (path: string, query: Record<string, string | undefined>): string => {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== '') params.set(key, value);
  const text = params.toString();
  return text ? `${path}?${text}` : path;
};

export const apiGet = <T>(path: string, query: Record<string, string | undefined> = {}) =>
  request<T>('GET', withQuery(path, query));

export const apiPost = <T>(path: string, body: unknown) => request<T>('POST', path, body);

export const loadSession = async (): Promise<Session> => {
  session = await apiGet<Session>('/api/session');
  return session;
};

/** A text answer (the run report's HTML), with the same sign-in as every other call. */
export const apiText = async (path: string): Promise<string> => {
  const response = await fetch(`${currentConfig().apiBase}${path}`, { headers: { ...authHeader() } });
  if (!response.ok)
    throw new ApiError(response.status, String(response.status), `the API answered ${response.status}`, {});
  return response.text();
};

/** True when the signed-in person may change things (the API checks it again on every change). */
export const isOperator = (): boolean => currentSession().user.role === 'operator';
