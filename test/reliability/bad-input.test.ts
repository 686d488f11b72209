import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LocalSecrets } from '../../infra/local/local-secrets.ts';
import { type LocalPlatform, startLocal } from '../../infra/local/platform.ts';
import { PROVIDER_IDS, type ProviderId } from '../../shared/webhooks/provider-ids.ts';
import { InboundQueueReader } from '../integration/inbound-queue-reader.ts';
import { FREE_PORTS } from '../support/free-ports.ts';
import { formatCases } from './bad-input-cases-formats.ts';
import { httpCases } from './bad-input-cases-http.ts';
import { providerCases } from './bad-input-cases-providers.ts';
import { MAX_BODY_BYTES, requestCases } from './bad-input-cases-requests.ts';
import { signatureCases } from './bad-input-cases-signatures.ts';
import { type RawRequest, type RawResponse, sendRaw } from './bad-input-http.ts';
import { type BadInputCase, type CaseContext, type SignOptions, signed } from './bad-input-requests.ts';

const CASES: readonly BadInputCase[] = [
  ...signatureCases,
  ...providerCases,
  ...formatCases,
  ...requestCases,
  ...httpCases,
];

/** No malformed request may hold the receiver this long (each one is answered in milliseconds). */
const SLOWEST_ANSWER_MS = 2_000;

/** The receiver's documented JSON body for each rejection status. */
const DOCUMENTED_BODIES: Partial<Record<number, string>> = {
  400: '{"error":"malformed_payload"}',
  401: '{"error":"unauthorized"}',
  404: '{"error":"not_found"}',
  405: '{"error":"method_not_allowed"}',
  413: '{"error":"payload_too_large"}',
};

interface Answered {
  readonly testCase: BadInputCase;
  readonly request: RawRequest;
  readonly response: RawResponse;
  readonly elapsedMs: number;
}

describe('Reliability: bad input to the webhook receiver', () => {
  let platform: LocalPlatform;
  let queue: InboundQueueReader;
  let context: CaseContext;
  let send: (request: RawRequest) => Promise<RawResponse>;

  beforeAll(async () => {
    platform = await startLocal({
      ...FREE_PORTS,
      consumers: false,
      sync: false,
      tenantsFile: false,
      maxBodyBytes: MAX_BODY_BYTES,
      logLevel: 'SILENT',
    });
    queue = new InboundQueueReader(platform.sqsEndpoint, platform.queueUrls.inbound);
    const { hostname, port } = new URL(platform.baseUrl);
    send = (request) => sendRaw(Number(port), hostname, request);
    context = {
      baseUrl: platform.baseUrl,
      secrets: LocalSecrets.load(platform.secretsFile, platform.secretPrefix),
      nowSeconds: Math.floor(Date.now() / 1000),
    };
  });

  afterAll(async () => {
    queue?.close();
    await platform?.stop();
  });

  it('lists at least 60 distinct cases covering all ten providers', () => {
    const names = CASES.map((c) => c.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBeGreaterThanOrEqual(60);
    for (const provider of PROVIDER_IDS)
      expect(
        names.some((name) => name.startsWith(`${provider}:`)),
        provider,
      ).toBe(true);
  });

  it('answers every malformed request with its documented status, never a 5xx, and enqueues only valid events', async () => {
    // Prepare
    const accepted: string[] = [];
    const acceptValid = async (provider: ProviderId, options?: SignOptions) => {
      const response = await send(signed(context, provider, options));
      expect(response.status, `valid ${provider}: ${response.body}`).toBe(202);
      accepted.push((JSON.parse(response.body.toString()) as { event_id: string }).event_id);
    };
    for (const provider of PROVIDER_IDS) await acceptValid(provider);
    // The limit itself is allowed: only a body over it is refused.
    const atLimit = Buffer.alloc(MAX_BODY_BYTES, 0xfe);
    await acceptValid('generic', { body: atLimit, contentType: 'application/octet-stream' });

    // Act
    const answered: Answered[] = [];
    for (const testCase of CASES) {
      const request = testCase.request(context);
      const started = performance.now();
      const response = await send(request);
      answered.push({ testCase, request, response, elapsedMs: performance.now() - started });
    }
    // Still up: a valid request after all the bad input is accepted.
    await acceptValid('generic');

    // Assess
    const fiveHundreds = answered.filter(({ response }) => response.status >= 500);
    expect(fiveHundreds.map(({ testCase, response }) => `${testCase.name} → ${response.status}`)).toEqual([]);
    const mismatches = answered
      .filter(({ testCase, response }) => response.status !== testCase.expected)
      .map(
        ({ testCase, response }) => `${testCase.name}: expected ${testCase.expected}, got ${response.status}`,
      );
    expect(mismatches).toEqual([]);
    const problems = answered.flatMap((answer) => {
      const { testCase, response } = answer;
      const problem = testCase.check?.(response) ?? documentedBodyProblem(answer);
      return problem ? [`${testCase.name}: ${problem}`] : [];
    });
    expect(problems).toEqual([]);
    const unauthorizedBodies = new Set(
      answered
        .filter(({ response }) => response.status === 401)
        .map(({ response }) => response.body.toString('hex')),
    );
    expect(unauthorizedBodies.size).toBe(1);
    const slowest = answered.reduce((a, b) => (b.elapsedMs > a.elapsedMs ? b : a));
    expect(slowest.elapsedMs, slowest.testCase.name).toBeLessThan(SLOWEST_ANSWER_MS);

    const enqueued = await queue.drain(1);
    const enqueuedIds = enqueued.map(({ envelope }) => envelope.event_id);
    expect(enqueuedIds.sort()).toEqual([...accepted].sort());
    const fromBadInput = enqueuedIds.filter((id) => !accepted.includes(id)).length;
    console.log(
      `bad input: ${CASES.length} cases, ${fiveHundreds.length} × 5xx, ${fromBadInput} enqueued ` +
        `(${accepted.length} valid requests accepted and enqueued; slowest answer ` +
        `${Math.round(slowest.elapsedMs)} ms)`,
    );
  });
});

/** The receiver's own answers carry the documented JSON body (none for HEAD); the HTTP layer's are its own. */
const documentedBodyProblem = ({ testCase, request, response }: Answered): string | null => {
  const documented = DOCUMENTED_BODIES[testCase.expected];
  if (testCase.layer === 'http' || documented === undefined) return null;
  const contentType = response.headers['content-type'];
  if (contentType !== 'application/json') return `content-type ${contentType}`;
  const body = response.body.toString();
  const expected = request.method === 'HEAD' ? '' : documented;
  return body === expected ? null : `body ${body}, expected ${expected}`;
};
