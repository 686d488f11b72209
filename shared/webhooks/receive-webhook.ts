import { createHash } from 'node:crypto';
import { describeError } from '../kernel/errors.ts';
import { ENVELOPE_VERSION, type EventEnvelope, encodeInlineBody } from './envelope.ts';
import {
  DurabilityError,
  MalformedPayloadError,
  SecretStoreUnavailableError,
  VerificationError,
} from './errors.ts';
import { bodyByteLength, bodyBytes, type InboundRequest, matchWebhookPath } from './inbound-request.ts';
import type { WebhookOutcome } from './outcome.ts';
import type { BlobStore, EventQueue, SigningSecretStore } from './ports.ts';
import { isProviderId, isTenantId, type ProviderId } from './provider-ids.ts';
import { getScheme } from './registry.ts';
import type { EventFacts, WebhookRequest, WebhookScheme } from './scheme.ts';

/** Headers worth keeping for every provider, in addition to each scheme's own allow-list. */
const COMMON_HEADERS = ['content-type', 'user-agent'] as const;

export interface ReceiveWebhookConfig {
  /** Largest accepted raw body, in bytes (413 above it). */
  readonly maxBodyBytes: number;
  /** Serialized envelopes larger than this put their body in the blob store instead (SQS allows 1 MiB). */
  readonly claimCheckThresholdBytes: number;
}

export interface ReceiveWebhookDeps {
  readonly secrets: SigningSecretStore;
  readonly queue: EventQueue;
  readonly blobs: BlobStore;
  readonly config: ReceiveWebhookConfig;
  readonly now: () => Date;
  readonly newEventId: (nowMs: number) => string;
}

/** What the handler needs to log and measure, beside the outcome itself. */
export interface ReceiveResult {
  readonly outcome: WebhookOutcome;
  readonly provider: ProviderId | null;
  readonly tenantId: string | null;
  readonly eventType: string | null;
}

const rejected = (reason: Extract<WebhookOutcome, { kind: 'rejected' }>['reason'], detail: string) =>
  ({ kind: 'rejected', reason, detail }) as const;

/**
 * Receives one webhook: route, size, tenant, secrets, handshake, verification on the raw bytes, envelope,
 * and durable enqueue. Never throws for bad input; every failure becomes a documented outcome.
 */
export const receiveWebhook = async (
  request: InboundRequest,
  traceId: string,
  deps: ReceiveWebhookDeps,
): Promise<ReceiveResult> => {
  const route = matchWebhookPath(request.path);
  if (!route || !isProviderId(route.provider)) {
    return {
      outcome: rejected('not_found', `no route for ${request.path}`),
      provider: null,
      tenantId: null,
      eventType: null,
    };
  }
  const provider = route.provider;
  const base = { provider, tenantId: isTenantId(route.tenantId) ? route.tenantId : null, eventType: null };
  if (request.method !== 'POST') {
    return { ...base, outcome: rejected('method_not_allowed', `${request.method} is not POST`) };
  }
  const size = bodyByteLength(request.body, request.isBase64Encoded);
  if (size > deps.config.maxBodyBytes) {
    return { ...base, outcome: rejected('payload_too_large', `${size} bytes > ${deps.config.maxBodyBytes}`) };
  }
  if (base.tenantId === null) {
    return { ...base, outcome: rejected('invalid_tenant_id', 'tenant id does not match the pattern') };
  }
  const tenantId = base.tenantId;
  const scheme = getScheme(provider);
  // One reading of the clock: the timestamp window is checked against the same instant the envelope records.
  const receivedAt = deps.now();
  const webhook = toWebhookRequest(request, provider, tenantId, receivedAt);
  const verified = await authenticate(scheme, webhook, tenantId, deps.secrets);
  if (verified.kind !== 'verified') return { ...base, outcome: verified.outcome };

  let facts: EventFacts;
  try {
    const interpretation = scheme.interpret(webhook);
    if (interpretation.kind === 'handshake')
      return { ...base, outcome: { kind: 'handshake', answer: interpretation } };
    facts = interpretation;
  } catch (error) {
    if (error instanceof MalformedPayloadError)
      return { ...base, outcome: rejected('malformed_payload', error.message) };
    // The request is authentic; a reader fault must not lose it, so it is kept without id and type.
    facts = { kind: 'event', providerEventId: null, eventType: null };
  }
  const outcome = await makeDurable(
    scheme,
    webhook,
    { provider, tenantId, traceId, facts, receivedAt },
    deps,
    // A text body becomes the envelope's text as it came, rather than decoded back from its bytes.
    request.isBase64Encoded ? undefined : request.body,
  );
  return { ...base, eventType: facts.eventType, outcome };
};

const toWebhookRequest = (
  request: InboundRequest,
  provider: string,
  tenantId: string,
  now: Date,
): WebhookRequest => {
  const query = request.rawQueryString ? `?${request.rawQueryString}` : '';
  return {
    body: bodyBytes(request.body, request.isBase64Encoded),
    headers: request.headers,
    rawQueryString: request.rawQueryString,
    publicUrl: `${request.publicBaseUrl.replace(/\/+$/, '')}/webhooks/${provider}/${tenantId}${query}`,
    nowSeconds: Math.floor(now.getTime() / 1000),
  };
};

type Authentication = { kind: 'verified' } | { kind: 'answered'; outcome: WebhookOutcome };

const authenticate = async (
  scheme: WebhookScheme,
  webhook: WebhookRequest,
  tenantId: string,
  store: SigningSecretStore,
): Promise<Authentication> => {
  let secrets: readonly string[] | null;
  try {
    secrets = await store.getSigningSecrets(tenantId, scheme.id);
  } catch (error) {
    // A malformed stored secret is a configuration fault, not the caller's: ask the provider to retry.
    const detail = error instanceof SecretStoreUnavailableError ? error.message : describeError(error);
    return { kind: 'answered', outcome: rejected('secret_store_unavailable', detail) };
  }
  if (!secrets)
    return { kind: 'answered', outcome: rejected('no_secret', `no ${scheme.id} secret for tenant`) };
  const handshake = scheme.preVerificationHandshake?.(webhook) ?? null;
  if (handshake) return { kind: 'answered', outcome: { kind: 'handshake', answer: handshake } };
  try {
    scheme.verify(webhook, secrets);
    return { kind: 'verified' };
  } catch (error) {
    // Fail closed: a verifier that breaks on odd input rejects the request rather than letting it through.
    if (error instanceof VerificationError)
      return { kind: 'answered', outcome: rejected(error.reason, error.message) };
    return { kind: 'answered', outcome: rejected('verifier_error', describeError(error)) };
  }
};

interface EventIdentity {
  readonly provider: ProviderId;
  readonly tenantId: string;
  readonly traceId: string;
  readonly facts: EventFacts;
  readonly receivedAt: Date;
}

const makeDurable = async (
  scheme: WebhookScheme,
  webhook: WebhookRequest,
  identity: EventIdentity,
  deps: ReceiveWebhookDeps,
  bodyText: string | undefined,
): Promise<WebhookOutcome> => {
  const { receivedAt } = identity;
  const eventId = deps.newEventId(receivedAt.getTime());
  const envelope: EventEnvelope = {
    version: ENVELOPE_VERSION,
    event_id: eventId,
    provider: identity.provider,
    tenant_id: identity.tenantId,
    provider_event_id: identity.facts.providerEventId,
    event_type: identity.facts.eventType,
    received_at: receivedAt.toISOString(),
    trace_id: identity.traceId,
    content_type: webhook.headers['content-type'] ?? null,
    headers: pickHeaders(webhook.headers, scheme.capturedHeaders),
    body: encodeInlineBody(webhook.body, bodyText),
  };
  try {
    const claimChecked = await claimCheckIfLarge(envelope, webhook.body, receivedAt, deps);
    await deps.queue.send(envelope);
    return { kind: 'accepted', eventId, claimChecked };
  } catch (error) {
    return rejected('not_durable', error instanceof DurabilityError ? error.message : describeError(error));
  }
};

/** Moves the body to the blob store when the envelope would not fit a queue message. Mutates `envelope`. */
const claimCheckIfLarge = async (
  envelope: EventEnvelope,
  body: Buffer,
  receivedAt: Date,
  deps: ReceiveWebhookDeps,
): Promise<boolean> => {
  if (!mayExceed(envelope, body, deps.config.claimCheckThresholdBytes)) return false;
  if (Buffer.byteLength(JSON.stringify(envelope), 'utf8') <= deps.config.claimCheckThresholdBytes)
    return false;
  const day = receivedAt.toISOString().slice(0, 10);
  const key = `${envelope.tenant_id}/${envelope.provider}/${day}/${envelope.event_id}`;
  await deps.blobs.put(key, body, envelope.content_type);
  const sha256 = createHash('sha256').update(body).digest('hex');
  envelope.body = { claim_check: { bucket: deps.blobs.bucket, key, size: body.length, sha256 } };
  return true;
};

// JSON escaping grows a byte to at most 6 (`\u0000`), and base64 only by 4/3: bodies well under the threshold
// skip serialising the envelope just to measure it.
const ENVELOPE_OVERHEAD_BOUND = 64 * 1024;
const mayExceed = (envelope: EventEnvelope, body: Buffer, threshold: number): boolean => {
  let headerBytes = 0;
  for (const [name, value] of Object.entries(envelope.headers))
    headerBytes += (name.length + value.length) * 6;
  return body.length * 6 + headerBytes + ENVELOPE_OVERHEAD_BOUND > threshold;
};

const pickHeaders = (
  headers: Readonly<Record<string, string>>,
  allowed: readonly string[],
): Record<string, string> => {
  const picked: Record<string, string> = {};
  for (const names of [COMMON_HEADERS, allowed]) {
    for (const name of names) {
      const value = headers[name];
      if (value !== undefined) picked[name] = value;
    }
  }
  return picked;
};
