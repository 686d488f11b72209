import { PROVIDER_IDS } from '../../shared/webhooks/provider-ids.ts';
import { demoPayloads } from './demo-payloads.ts';
import type { LocalSecrets } from './local-secrets.ts';
import { type SentRequest, type SignedRequest, signRequest, unsignedRequest } from './signed-request.ts';

/** One request the demo sends, with what the platform must answer. */
export interface DemoCase {
  readonly label: string;
  readonly expectedStatus: number;
  readonly request: SignedRequest;
  /** What a correct answer looks like beyond its status; returns a problem, or null when it is right. */
  readonly check?: (response: SentRequest) => string | null;
}

export interface DemoContext {
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly secrets: LocalSecrets;
  readonly now?: Date;
}

const needsEventId = (response: SentRequest): string | null =>
  response.eventId ? null : 'no event_id in the answer';

/** Every case the demo runs: an event per provider, the three handshakes, rotation and a forgery. */
export const buildDemoCases = (context: DemoContext): DemoCase[] => {
  const now = context.now ?? new Date();
  const secretOf = (provider: (typeof PROVIDER_IDS)[number]): string => {
    const secret = context.secrets.secretsFor(context.tenantId, provider)[0];
    if (!secret)
      throw new Error(`no ${provider} secret for tenant "${context.tenantId}" in the secrets file`);
    return secret;
  };
  const events = PROVIDER_IDS.map((provider): DemoCase => {
    const secret = secretOf(provider);
    const payload = demoPayloads[provider]({ tenantId: context.tenantId, secret, now });
    return {
      label: `${provider} ${payload.eventType}`,
      expectedStatus: 202,
      request: signRequest({ ...context, provider, secret, ...payload }),
      check: needsEventId,
    };
  });
  return [...events, ...handshakeCases(context, secretOf), ...securityCases(context, now)];
};

const handshakeCases = (context: DemoContext, secretOf: (p: 'slack' | 'line') => string): DemoCase[] => {
  const challenge = 'a1b2c3-challenge-from-slack';
  const token = 'Validation: Testing client application reachability for subscription Request-Id: 0f1e2d';
  const expectBody = (expected: string) => (response: SentRequest) =>
    response.text === expected ? null : `expected the body ${JSON.stringify(expected)}`;
  return [
    {
      label: 'slack url_verification',
      expectedStatus: 200,
      request: signRequest({
        ...context,
        provider: 'slack',
        secret: secretOf('slack'),
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify({ token: 'x', challenge, type: 'url_verification' })),
      }),
      check: expectBody(challenge),
    },
    {
      // Graph validates a new subscription with an unsigned POST: the token in the query, echoed as text.
      label: 'msgraph validationToken',
      expectedStatus: 200,
      request: unsignedRequest({
        ...context,
        provider: 'msgraph',
        contentType: 'text/plain; charset=utf-8',
        body: Buffer.alloc(0),
        query: `validationToken=${encodeURIComponent(token)}`,
      }),
      check: expectBody(token),
    },
    {
      label: 'line verify (no events)',
      expectedStatus: 200,
      request: signRequest({
        ...context,
        provider: 'line',
        secret: secretOf('line'),
        contentType: 'application/json',
        body: Buffer.from(JSON.stringify({ destination: 'U0123456789abcdef0123456789abcdef', events: [] })),
      }),
    },
  ];
};

const securityCases = (context: DemoContext, now: Date): DemoCase[] => {
  const cases: DemoCase[] = [];
  const [current, previous] = context.secrets.secretsFor(context.tenantId, 'generic');
  const payload = demoPayloads.generic({ tenantId: context.tenantId, secret: current ?? '', now });
  if (previous) {
    // Rotation: a sender still on the previous secret keeps being accepted while both are listed.
    // Its own (unrouted) event type, so the demo's delivery story has one order, not two.
    const headers = { ...payload.headers, 'x-event-type': 'demo.rotation_check' };
    cases.push({
      label: 'generic signed with previous secret',
      expectedStatus: 202,
      request: signRequest({ ...context, provider: 'generic', secret: previous, ...payload, headers }),
      check: needsEventId,
    });
  }
  if (current) {
    const signed = signRequest({ ...context, provider: 'generic', secret: current, ...payload });
    const tampered = Buffer.from(signed.body.toString('utf8').replace('4200', '1'));
    cases.push({
      label: 'generic tampered body (amount changed)',
      expectedStatus: 401,
      request: { ...signed, body: tampered },
    });
  }
  return cases;
};
