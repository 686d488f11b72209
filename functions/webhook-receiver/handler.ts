import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { describeError } from '../../shared/kernel/errors.ts';
import { toHttpAnswer } from '../../shared/webhooks/http-answer.ts';
import { newTraceId } from '../../shared/webhooks/ids.ts';
import { type InboundRequest, normaliseHeaders } from '../../shared/webhooks/inbound-request.ts';
import { receiveWebhook } from '../../shared/webhooks/receive-webhook.ts';
import { buildDependencies } from './dependencies.ts';
import { parseReceiverEnv } from './env.ts';
import { logger, recordOutcome } from './telemetry.ts';

const env = parseReceiverEnv(process.env);
const deps = buildDependencies(env);

const toInboundRequest = (event: APIGatewayProxyEventV2): InboundRequest => ({
  method: event.requestContext.http.method.toUpperCase(),
  path: event.rawPath,
  rawQueryString: event.rawQueryString ?? '',
  headers: normaliseHeaders(event.headers),
  body: event.body,
  isBase64Encoded: event.isBase64Encoded,
  publicBaseUrl: env.PUBLIC_BASE_URL ?? `https://${event.requestContext.domainName}`,
});

/** `POST /webhooks/{provider}/{tenantId}`: verify, make durable, answer. */
export const handler = async (event: APIGatewayProxyEventV2): Promise<APIGatewayProxyStructuredResultV2> => {
  const started = process.hrtime.bigint();
  // Passed to each line rather than appended to the logger: the handler writes one line per request, and the
  // logger's per-invocation key store costs more than the line itself.
  const trace = { trace_id: newTraceId(), request_id: event.requestContext.requestId };
  try {
    const result = await receiveWebhook(toInboundRequest(event), trace.trace_id, deps);
    const answer = toHttpAnswer(result.outcome);
    recordOutcome(result, answer.statusCode, Number(process.hrtime.bigint() - started) / 1e6, trace);
    return answer;
  } catch (error) {
    // Unreachable by design; if it happens, ask the provider to retry rather than lose or half-accept.
    logger.error('webhook receiver fault', { ...trace, error: describeError(error) });
    return toHttpAnswer({ kind: 'rejected', reason: 'not_durable', detail: describeError(error) });
  }
};
