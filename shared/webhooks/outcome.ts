import type { VerificationFailureReason } from './errors.ts';
import type { HandshakeAnswer } from './scheme.ts';

/** Why a request was refused; one value per documented status code family. */
export type RejectionReason =
  | VerificationFailureReason
  | 'verifier_error'
  | 'not_found'
  | 'method_not_allowed'
  | 'payload_too_large'
  | 'malformed_payload'
  | 'secret_store_unavailable'
  | 'not_durable';

/** What happened to one inbound request; mapped to HTTP in exactly one place (`http-answer.ts`). */
export type WebhookOutcome =
  | { readonly kind: 'accepted'; readonly eventId: string; readonly claimChecked: boolean }
  | { readonly kind: 'handshake'; readonly answer: HandshakeAnswer }
  | { readonly kind: 'rejected'; readonly reason: RejectionReason; readonly detail: string };

/** Context every outcome is logged with. */
export interface OutcomeContext {
  readonly provider: string | null;
  readonly tenantId: string | null;
  readonly eventType: string | null;
  readonly bodyBytes: number;
}
