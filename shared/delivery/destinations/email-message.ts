import type { OperationError } from '../../kernel/errors.ts';

/** An email ready to send, whichever provider sends it. */
export interface RenderedEmail {
  readonly from: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly html: string | null;
}

/** Delivery facts SES carries as message headers (contract: every outbound request carries its trace id). */
export interface EmailTrace {
  readonly deliveryId: string;
  readonly traceId: string;
}

/** The primary email provider (SES in AWS and locally), behind a port so the destination stays SDK-free. */
export interface SesSender {
  /** Sends within `timeoutMs`; resolves to the provider's HTTP status. */
  send(email: RenderedEmail, trace: EmailTrace, timeoutMs: number): Promise<number>;
  /** Turns a failed send into a retryable or permanent delivery error. */
  classify(error: unknown, now: number): OperationError;
}
