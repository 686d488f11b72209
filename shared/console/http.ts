import * as z from 'zod';
import { NotFoundError, OpsInputError } from '../ops/errors.ts';
import { redactSecrets } from './redact.ts';

/** The console API's requests and responses, independent of API Gateway and of node:http. */

export interface ConsoleRequest {
  readonly method: string;
  /** The path below the API's base, e.g. `/api/events`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  /** Lower-case names. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string | null;
}

export interface ConsoleResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

const SECURITY_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

/** A JSON answer; every body passes through `redactSecrets`, so no secret value can leave by mistake. */
export const json = (status: number, body: unknown): ConsoleResponse => ({
  status,
  headers: { 'content-type': 'application/json; charset=utf-8', ...SECURITY_HEADERS },
  body: JSON.stringify(redactSecrets(body)),
});

/** An HTML document shown in a sandboxed frame: no script of it runs, nothing of it reaches the API. */
export const sandboxedHtml = (html: string): ConsoleResponse => ({
  status: 200,
  headers: {
    'content-type': 'text/html; charset=utf-8',
    'content-security-policy': "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:",
    ...SECURITY_HEADERS,
  },
  body: html,
});

/** An error answer: `{"error": code, "message": …}`. */
export const problem = (status: number, error: string, message: string, extra: object = {}) =>
  json(status, { error, message, ...extra });

/** Thrown by a route for an answer other than 200; the router turns it into the response. */
export class HttpProblem extends Error {
  public override readonly name = 'HttpProblem';
  public constructor(
    public readonly status: number,
    public readonly code: string,
    message: string,
    public readonly extra: object = {},
  ) {
    super(message);
  }
}

/** The response for an error a route threw: bad input 400, not found 404, our own fault 500 (no detail). */
export const responseOfError = (error: unknown, onInternal: (error: unknown) => void): ConsoleResponse => {
  if (error instanceof HttpProblem) return problem(error.status, error.code, error.message, error.extra);
  if (error instanceof z.ZodError) {
    const issues = error.issues.map((issue) => `${issue.path.join('.') || '(input)'}: ${issue.message}`);
    return problem(400, 'bad_request', issues.join('; '), { issues });
  }
  if (error instanceof NotFoundError) return problem(404, 'not_found', error.message);
  if (error instanceof OpsInputError) return problem(400, 'bad_request', error.message);
  onInternal(error);
  return problem(500, 'internal', 'the console API failed; the error is in its log');
};

/** The request's JSON body, or a 400. */
export const bodyOf = (request: ConsoleRequest): unknown => {
  if (request.body === null || request.body === '') return {};
  try {
    return JSON.parse(request.body);
  } catch {
    throw new HttpProblem(400, 'bad_request', 'the body is not JSON');
  }
};
