import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { ConsoleRequest } from '../../shared/console/http.ts';
import { handleConsoleRequest } from '../../shared/console/router.ts';
import { buildConsoleApiDependencies } from './dependencies.ts';
import { parseConsoleApiEnv } from './env.ts';
import { logger, logRequest } from './telemetry.ts';

const env = parseConsoleApiEnv(process.env);
const deps = buildConsoleApiDependencies(env);

const lowerCased = (headers: APIGatewayProxyEventV2['headers']): Record<string, string> =>
  Object.fromEntries(
    Object.entries(headers ?? {}).flatMap(([k, v]) => (v === undefined ? [] : [[k.toLowerCase(), v]])),
  );

/** The console API behind API Gateway: verify the caller's token, answer through the router. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const started = Date.now();
  const headers = lowerCased(event.headers);
  const request: ConsoleRequest = {
    method: event.requestContext.http.method,
    path: event.rawPath,
    query: Object.fromEntries(
      Object.entries(event.queryStringParameters ?? {}).flatMap(([k, v]) =>
        v === undefined ? [] : [[k, v]],
      ),
    ),
    headers,
    body:
      event.body === undefined
        ? null
        : event.isBase64Encoded
          ? Buffer.from(event.body, 'base64').toString('utf8')
          : event.body,
  };
  const principal = await deps.authenticate(headers.authorization);
  const response = await handleConsoleRequest(request, principal, await deps.ports);
  logRequest({
    method: request.method,
    path: request.path,
    status: response.status,
    user: principal?.id ?? null,
    tenant: principal?.tenant ?? null,
    duration_ms: Date.now() - started,
  });
  return { statusCode: response.status, headers: { ...response.headers }, body: response.body };
};

logger.debug('console-api loaded', { stage: env.STAGE });
