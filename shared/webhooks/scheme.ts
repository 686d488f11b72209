import type { ProviderId } from './provider-ids.ts';

/** An inbound webhook request as the verifier sees it: exact bytes, lower-cased headers. */
export interface WebhookRequest {
  /** The raw body bytes exactly as the provider sent them (already base64-decoded when API Gateway encoded them). */
  readonly body: Buffer;
  /** Header names lower-cased; repeated headers joined by `,` as API Gateway HTTP APIs do. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw query string without the leading `?`, exactly as received (may be empty). */
  readonly rawQueryString: string;
  /**
   * The public URL the provider called, rebuilt from the configured public base URL:
   * `https://host[/base]/webhooks/{provider}/{tenantId}[?query]`. Twilio signs this.
   */
  readonly publicUrl: string;
  /** Current time in unix seconds, injected so that timestamp windows are testable. */
  readonly nowSeconds: number;
}

/** A direct answer the receiver gives without enqueuing anything (provider handshakes). */
export interface HandshakeAnswer {
  readonly kind: 'handshake';
  readonly statusCode: 200;
  readonly contentType: 'text/plain' | 'application/json';
  readonly body: string;
}

/** What a verified request turned out to be: an event to enqueue. */
export interface EventFacts {
  readonly kind: 'event';
  /** The provider's own event or delivery id, or null where the provider has none. */
  readonly providerEventId: string | null;
  /** The provider's event type or topic, or null where the request carries none. */
  readonly eventType: string | null;
}

export type Interpretation = HandshakeAnswer | EventFacts;

/** Inputs for producing a valid signature; used by the demo, the docs' curl example, and tests. */
export interface SignInput {
  readonly body: Buffer;
  readonly secret: string;
  readonly nowSeconds: number;
  /** The public URL the request will be sent to, without the query string the signer may add. */
  readonly url: string;
  /** Content type of the body; schemes that sign form parameters (twilio) need it. */
  readonly contentType: string;
  /** Message id for schemes that sign one (Standard Webhooks `webhook-id`); a random one when absent. */
  readonly id?: string;
}

/** Headers (and, for twilio JSON, query parameters) that make a request verify. */
export interface SignedParts {
  readonly headers: Record<string, string>;
  /** Extra query string to append to the URL (without `?`), empty when none. */
  readonly query: string;
}

/**
 * One provider's webhook scheme: how to verify a request over its raw bytes, what it means once verified,
 * and how to sign one. One file per provider, registered in `registry.ts`.
 */
export interface WebhookScheme {
  readonly id: ProviderId;
  /** Lower-case names of provider headers copied into the envelope. Never signature headers. */
  readonly capturedHeaders: readonly string[];
  /**
   * A handshake answered before verification, only once the tenant is known to have a secret for this
   * provider (Microsoft Graph's `validationToken`). Return null when the request is not one.
   */
  preVerificationHandshake?(request: WebhookRequest): HandshakeAnswer | null;
  /**
   * Throws `VerificationError` unless the request verifies against at least one of `secrets`.
   * Must fail closed: any missing or malformed part is a rejection.
   */
  verify(request: WebhookRequest, secrets: readonly string[]): void;
  /**
   * Reads a verified request: a handshake to answer, or the event's id and type.
   * Throws `MalformedPayloadError` when the body does not parse in the provider's format.
   */
  interpret(request: WebhookRequest): Interpretation;
  /** Produces the headers (and query) that make `input.body` verify with `input.secret`. */
  sign(input: SignInput): SignedParts;
}
