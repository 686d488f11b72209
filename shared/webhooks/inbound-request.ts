/** The transport-neutral shape of an inbound HTTP request, built by the handler from the API Gateway event. */
export interface InboundRequest {
  readonly method: string;
  /** The path as received, e.g. `/webhooks/stripe/acme`. */
  readonly path: string;
  readonly rawQueryString: string;
  /** Header names must already be lower-case. */
  readonly headers: Readonly<Record<string, string>>;
  /** Body as delivered by API Gateway: text, or base64 when `isBase64Encoded`. */
  readonly body: string | undefined;
  readonly isBase64Encoded: boolean;
  /** Origin (and optional base path) the provider called, e.g. `https://hooks.example.com`. */
  readonly publicBaseUrl: string;
}

const WEBHOOK_PATH = /^\/webhooks\/([^/]+)\/([^/]+)\/?$/;

const decodeSegment = (segment: string): string | null => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
};

/**
 * Splits `/webhooks/{provider}/{tenantId}`; null for any other path or an undecodable provider. An undecodable
 * tenant segment is kept as written: its `%` fails the tenant id pattern, so it gets the uniform 401 like any
 * other invalid tenant id rather than a 404 that would set it apart.
 */
export const matchWebhookPath = (path: string): { provider: string; tenantId: string } | null => {
  const match = WEBHOOK_PATH.exec(path);
  const provider = match ? decodeSegment(match[1]!) : null;
  if (!match || provider === null) return null;
  return { provider, tenantId: decodeSegment(match[2]!) ?? match[2]! };
};

/** Lower-cases header names; values of names that differ only in case are joined as API Gateway does. */
export const normaliseHeaders = (
  headers: Readonly<Record<string, string | undefined>> | undefined,
): Readonly<Record<string, string>> => {
  if (headers === undefined) return {};
  // API Gateway HTTP APIs already send lower-case names with string values: such headers are used as they are.
  if (isNormalised(headers)) return headers as Readonly<Record<string, string>>;
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const key = name.toLowerCase();
    out[key] = out[key] === undefined ? value : `${out[key]},${value}`;
  }
  return out;
};

const isNormalised = (headers: Readonly<Record<string, string | undefined>>): boolean => {
  for (const name in headers) {
    if (headers[name] === undefined || name.toLowerCase() !== name) return false;
  }
  return true;
};

/** Decoded byte length of a body without decoding it (base64 inflates by 4/3). */
export const bodyByteLength = (body: string | undefined, isBase64Encoded: boolean): number => {
  if (!body) return 0;
  if (!isBase64Encoded) return Buffer.byteLength(body, 'utf8');
  const padding = body.endsWith('==') ? 2 : body.endsWith('=') ? 1 : 0;
  return Math.floor((body.length * 3) / 4) - padding;
};

/** The exact body bytes. */
export const bodyBytes = (body: string | undefined, isBase64Encoded: boolean): Buffer =>
  body ? Buffer.from(body, isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
