import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { drawRandom } from '../../shared/kernel/random-pool.ts';

/**
 * Builds the event API Gateway HTTP APIs send with payload format 2.0, so the receiver runs locally on
 * exactly the input it gets in AWS (header joining, cookies, body encoding, route keys).
 * See https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html
 */

/** The deployed route; any other path goes to `$default` and the handler answers 404 itself. */
export const WEBHOOK_ROUTE_KEY = 'POST /webhooks/{provider}/{tenantId}';

/** The raw pieces of one HTTP request, as a node server sees them. */
export interface RawHttpRequest {
  readonly method: string;
  /** Request target as received: path plus optional `?query`. */
  readonly target: string;
  readonly httpVersion: string;
  /** Flat name/value list (node's `rawHeaders`), so repeated headers are all kept. */
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
  readonly sourceIp: string;
  readonly localPort: number;
  readonly now: Date;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number): string => String(n).padStart(2, '0');

/** API Gateway's `requestContext.time` format: `12/Mar/2020:19:03:58 +0000`. */
export const formatRequestTime = (d: Date): string =>
  `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:` +
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;

const TEXT_TYPES = new Set(['application/json', 'application/x-www-form-urlencoded', 'application/xml']);

/** Whether API Gateway would pass a body of this content type as text (if its bytes are valid UTF-8). */
export const isTextContentType = (contentType: string | undefined): boolean => {
  if (!contentType) return false;
  const [mediaType = '', ...params] = contentType.toLowerCase().split(';');
  const type = mediaType.trim();
  return (
    type.startsWith('text/') ||
    TEXT_TYPES.has(type) ||
    type.endsWith('+json') ||
    type.endsWith('+xml') ||
    params.some((p) => p.trim().startsWith('charset='))
  );
};

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Text bodies stay readable; binary bodies and text that is not valid UTF-8 are base64, as in AWS. */
export const encodeBody = (
  body: Buffer,
  contentType: string | undefined,
): Pick<APIGatewayProxyEventV2, 'body' | 'isBase64Encoded'> => {
  // API Gateway omits `body` entirely for an empty request body.
  if (body.length === 0) return { isBase64Encoded: false };
  if (isTextContentType(contentType)) {
    try {
      return { body: strictUtf8.decode(body), isBase64Encoded: false };
    } catch {
      // Falls through: a "text" body that is not UTF-8 would be corrupted by a string round trip.
    }
  }
  return { body: body.toString('base64'), isBase64Encoded: true };
};

const safeDecode = (text: string): string => {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
};

/** Decoded query parameters, repeated names joined with `,`; undefined when there are none (as in AWS). */
export const parseQueryString = (raw: string): Record<string, string> | undefined => {
  const out: Record<string, string> = {};
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const name = safeDecode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : safeDecode(part.slice(eq + 1));
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return Object.keys(out).length > 0 ? out : undefined;
};

interface HeaderSplit {
  readonly headers: Record<string, string>;
  readonly cookies: string[];
}

/** Lower-cased names, repeats joined with `,`; `cookie` headers move to `cookies` as in payload 2.0. */
export const collectHeaders = (rawHeaders: readonly string[]): HeaderSplit => {
  const headers: Record<string, string> = {};
  const cookies: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i]!.toLowerCase();
    const value = rawHeaders[i + 1]!;
    if (name === 'cookie') {
      cookies.push(
        ...value
          .split(';')
          .map((c) => c.trim())
          .filter((c) => c !== ''),
      );
      continue;
    }
    headers[name] = headers[name] === undefined ? value : `${headers[name]},${value}`;
  }
  return { headers, cookies };
};

const WEBHOOK_PATH = /^\/webhooks\/([^/]+)\/([^/]+)$/;

/** Route key and path parameters the deployed HTTP API would select for this path. */
export const matchRoute = (
  rawPath: string,
): { routeKey: string; pathParameters?: { provider: string; tenantId: string } } => {
  const match = WEBHOOK_PATH.exec(rawPath);
  if (!match) return { routeKey: '$default' };
  return {
    routeKey: WEBHOOK_ROUTE_KEY,
    pathParameters: { provider: safeDecode(match[1]!), tenantId: safeDecode(match[2]!) },
  };
};

/** A request id in API Gateway's style (`JKJaXmPLvHcESHA=`). */
export const newApiGatewayRequestId = (): string => drawRandom(11).toString('base64');

/** Converts one raw HTTP request into the payload 2.0 event API Gateway would deliver. */
export const toApiGatewayEvent = (req: RawHttpRequest, requestId: string): APIGatewayProxyEventV2 => {
  const q = req.target.indexOf('?');
  const rawPath = q < 0 ? req.target : req.target.slice(0, q);
  const rawQueryString = q < 0 ? '' : req.target.slice(q + 1);
  const { headers, cookies } = collectHeaders(req.rawHeaders);
  addForwardingHeaders(headers, req);
  const { routeKey, pathParameters } = matchRoute(rawPath);
  const domainName = headers.host ?? `127.0.0.1:${req.localPort}`;
  const queryStringParameters = parseQueryString(rawQueryString);
  return {
    version: '2.0',
    routeKey,
    rawPath,
    rawQueryString,
    ...(cookies.length > 0 ? { cookies } : {}),
    headers,
    ...(queryStringParameters ? { queryStringParameters } : {}),
    ...(pathParameters ? { pathParameters } : {}),
    requestContext: {
      accountId: '123456789012',
      apiId: 'local',
      domainName,
      domainPrefix: domainName.split('.')[0]!,
      http: {
        method: req.method,
        path: rawPath,
        protocol: `HTTP/${req.httpVersion}`,
        sourceIp: req.sourceIp,
        userAgent: headers['user-agent'] ?? '',
      },
      requestId,
      routeKey,
      stage: '$default',
      time: formatRequestTime(req.now),
      timeEpoch: req.now.getTime(),
    },
    ...encodeBody(req.body, headers['content-type']),
  };
};

/** The headers API Gateway adds on the way in; the receiver may read the trace id and client address. */
const addForwardingHeaders = (headers: Record<string, string>, req: RawHttpRequest): void => {
  headers['x-forwarded-for'] = headers['x-forwarded-for']
    ? `${headers['x-forwarded-for']}, ${req.sourceIp}`
    : req.sourceIp;
  headers['x-forwarded-port'] = String(req.localPort);
  headers['x-forwarded-proto'] = 'http';
  if (!headers['x-amzn-trace-id']) {
    const epochHex = Math.floor(req.now.getTime() / 1000).toString(16);
    headers['x-amzn-trace-id'] = `Root=1-${epochHex}-${drawRandom(12).toString('hex')}`;
  }
};
