import type { RejectionReason, WebhookOutcome } from './outcome.ts';

/** An HTTP answer independent of any Lambda or server type. */
export interface HttpAnswer {
  readonly statusCode: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

/** Seconds a provider is asked to wait before retrying after a 503. */
export const RETRY_AFTER_SECONDS = 5;

const json = (statusCode: number, payload: unknown, extra: Record<string, string> = {}): HttpAnswer => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...extra },
  body: JSON.stringify(payload),
});

// One body for every authentication failure, so nothing tells an attacker which check failed.
const UNAUTHORIZED = json(401, { error: 'unauthorized' });

const REJECTIONS: Record<RejectionReason, () => HttpAnswer> = {
  missing_header: () => UNAUTHORIZED,
  malformed_header: () => UNAUTHORIZED,
  signature_mismatch: () => UNAUTHORIZED,
  timestamp_out_of_window: () => UNAUTHORIZED,
  unknown_tenant: () => UNAUTHORIZED,
  no_secret: () => UNAUTHORIZED,
  invalid_tenant_id: () => UNAUTHORIZED,
  client_state_mismatch: () => UNAUTHORIZED,
  verifier_error: () => UNAUTHORIZED,
  not_found: () => json(404, { error: 'not_found' }),
  method_not_allowed: () => json(405, { error: 'method_not_allowed' }, { allow: 'POST' }),
  payload_too_large: () => json(413, { error: 'payload_too_large' }),
  malformed_payload: () => json(400, { error: 'malformed_payload' }),
  secret_store_unavailable: () =>
    json(503, { error: 'unavailable' }, { 'retry-after': String(RETRY_AFTER_SECONDS) }),
  not_durable: () => json(503, { error: 'unavailable' }, { 'retry-after': String(RETRY_AFTER_SECONDS) }),
};

/** Maps an outcome to the documented status code, headers and body. */
export const toHttpAnswer = (outcome: WebhookOutcome): HttpAnswer => {
  switch (outcome.kind) {
    case 'accepted':
      return json(202, { event_id: outcome.eventId });
    case 'handshake':
      return {
        statusCode: outcome.answer.statusCode,
        headers: {
          'content-type': `${outcome.answer.contentType}; charset=utf-8`,
          // The Graph token is echoed back: never let a browser sniff it into HTML.
          'x-content-type-options': 'nosniff',
        },
        body: outcome.answer.body,
      };
    case 'rejected':
      return REJECTIONS[outcome.reason]();
  }
};
