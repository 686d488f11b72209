import { signRequest } from './signed-request.ts';

/** Quotes a value for a POSIX shell: single quotes, with embedded ones closed, escaped and reopened. */
export const shellQuote = (value: string): string => `'${value.replace(/'/g, `'\\''`)}'`;

export interface CurlExampleInput {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly secret: string;
  readonly nowSeconds?: number;
}

/**
 * A ready-to-paste `curl` for the `generic` provider, signed at call time. Generic signatures carry a
 * timestamp, so it verifies for the 300 s window either side of `nowSeconds` only.
 */
export const buildCurlExample = (input: CurlExampleInput): string => {
  const body = JSON.stringify({
    id: 'ord_1001',
    type: 'order.created',
    data: { order_id: 'ord_1001', amount: 4200, currency: 'JPY' },
  });
  const request = signRequest({
    baseUrl: input.baseUrl,
    provider: 'generic',
    tenantId: input.tenantId,
    body: Buffer.from(body),
    contentType: 'application/json',
    secret: input.secret,
    nowSeconds: input.nowSeconds,
    headers: { 'x-event-id': 'ord_1001', 'x-event-type': 'order.created' },
  });
  const lines = [`curl -i -X POST ${shellQuote(request.url)}`];
  for (const [name, value] of Object.entries(request.headers))
    lines.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  lines.push(`--data-binary ${shellQuote(body)}`);
  return lines.join(' \\\n    ');
};
