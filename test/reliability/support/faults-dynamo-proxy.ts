import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A proxy in front of dynalite that answers chosen requests the way DynamoDB does when a table's throughput
 * is exceeded (HTTP 400, `ProvisionedThroughputExceededException`), and forwards everything else untouched.
 * Functions reach it through `AWS_ENDPOINT_URL_DYNAMODB`; the target is set once dynalite's port is known.
 */

export interface DynamoRequest {
  /** `PutItem`, `Query`… from `X-Amz-Target`. */
  readonly operation: string;
  readonly tableName: string | null;
  /** The raw JSON request, to match on keys and values. */
  readonly text: string;
}

export interface ThrottleRule {
  readonly name: string;
  readonly matches: (request: DynamoRequest) => boolean;
  /** How many matching requests to throttle, the first ones that arrive. */
  readonly times: number;
}

export interface DynamoThrottleProxy {
  readonly url: string;
  setTarget(endpoint: string): void;
  throttle(rules: readonly ThrottleRule[]): void;
  /** Requests throttled so far, per rule name. */
  throttled(): Record<string, number>;
  stop(): Promise<void>;
}

const THROTTLED_BODY = JSON.stringify({
  __type: 'com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException',
  message:
    'The level of configured provisioned throughput for the table was exceeded. Consider increasing your ' +
    'provisioning level with the UpdateTable API.',
});

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

const describeRequest = (req: IncomingMessage, body: Buffer): DynamoRequest => {
  const target = String(req.headers['x-amz-target'] ?? '');
  const text = body.toString('utf8');
  let tableName: string | null = null;
  try {
    const parsed = JSON.parse(text) as { TableName?: unknown };
    tableName = typeof parsed.TableName === 'string' ? parsed.TableName : null;
  } catch {
    // Not JSON: forwarded as it is, never throttled by a table rule.
  }
  return { operation: target.split('.').pop() ?? '', tableName, text };
};

export const startDynamoThrottleProxy = async (): Promise<DynamoThrottleProxy> => {
  let target: URL | undefined;
  let rules: { rule: ThrottleRule; left: number }[] = [];
  const counts: Record<string, number> = {};

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const described = describeRequest(req, body);
      const hit = rules.find(({ rule, left }) => left > 0 && rule.matches(described));
      if (hit || !target) {
        if (hit) {
          hit.left -= 1;
          counts[hit.rule.name] = (counts[hit.rule.name] ?? 0) + 1;
        }
        res.writeHead(hit ? 400 : 503, { 'content-type': 'application/x-amz-json-1.0' });
        res.end(hit ? THROTTLED_BODY : '{}');
        return;
      }
      const upstream = httpRequest(
        target,
        { method: req.method, path: req.url, headers: { ...req.headers, host: target.host } },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => res.destroy());
      upstream.end(body);
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    setTarget: (endpoint) => {
      target = new URL(endpoint);
    },
    throttle: (next) => {
      rules = next.map((rule) => ({ rule, left: rule.times }));
    },
    throttled: () => ({ ...counts }),
    stop: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
