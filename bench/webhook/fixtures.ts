import { createHmac } from 'node:crypto';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';

export const BENCH_SECRET = 'bench-signing-secret-3c9a';
export const BENCH_TENANT = 'bench';

/** A 1 KiB JSON body, the size the benchmarks name. */
export const oneKibBody = (): string => {
  const base = { id: 'evt_bench', type: 'order.created', created: 1_795_000_000, data: { note: '' } };
  const filler = 1024 - JSON.stringify(base).length;
  return JSON.stringify({ ...base, data: { note: 'x'.repeat(filler) } });
};

/** Generic-scheme headers, signed by hand exactly as a sender would. */
export const genericHeaders = (
  body: string,
  nowSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> => ({
  'content-type': 'application/json',
  'x-event-type': 'order.created',
  'x-timestamp': String(nowSeconds),
  'x-signature': createHmac('sha256', BENCH_SECRET).update(`${nowSeconds}.${body}`).digest('hex'),
});

/** An API Gateway HTTP API v2 event carrying a signed generic webhook, base64-encoded as API Gateway may. */
export const signedEvent = (body: string): APIGatewayProxyEventV2 => ({
  version: '2.0',
  routeKey: 'POST /webhooks/{provider}/{tenantId}',
  rawPath: `/webhooks/generic/${BENCH_TENANT}`,
  rawQueryString: '',
  headers: genericHeaders(body),
  requestContext: {
    accountId: '123456789012',
    apiId: 'bench',
    domainName: 'bench.example.com',
    domainPrefix: 'bench',
    http: {
      method: 'POST',
      path: `/webhooks/generic/${BENCH_TENANT}`,
      protocol: 'HTTP/1.1',
      sourceIp: '127.0.0.1',
      userAgent: 'bench',
    },
    requestId: 'bench',
    routeKey: 'POST /webhooks/{provider}/{tenantId}',
    stage: '$default',
    time: '',
    timeEpoch: Date.now(),
  },
  body: Buffer.from(body).toString('base64'),
  isBase64Encoded: true,
});

/** The receiver's environment for benchmarks, pointed at a stub endpoint. */
export const receiverEnv = (endpoint: string): Record<string, string> => ({
  STAGE: 'dev',
  INBOUND_QUEUE_URL: `${endpoint}/123456789012/inbound`,
  CLAIM_CHECK_BUCKET: 'bench-claim-check',
  SECRET_PREFIX: 'tsunagi/bench',
  AWS_REGION: 'ap-northeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  AWS_ENDPOINT_URL_SQS: endpoint,
  AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoint,
  POWERTOOLS_LOG_LEVEL: 'INFO',
});
