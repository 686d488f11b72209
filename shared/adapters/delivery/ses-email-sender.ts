import { type SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { EmailTrace, RenderedEmail, SesSender } from '../../delivery/destinations/email-message.ts';
import { permanent, retryable } from '../../delivery/destinations/failures.ts';
import type { OperationError } from '../../kernel/errors.ts';
import { classifyThrown } from '../../kernel/http/failure.ts';

interface SdkErrorShape {
  readonly name?: string;
  readonly $fault?: 'client' | 'server';
  readonly $metadata?: { readonly httpStatusCode?: number };
}

const THROTTLED = new Set(['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException']);
// The account cannot send right now, whatever the message: another provider (or later) can.
const ACCOUNT_BLOCKED = new Set(['SendingPausedException', 'AccountSuspendedException']);

/**
 * What an SES failure means. Throttling, quotas, 5xx, a paused account and network errors are retryable (the
 * secondary provider takes over); any other answer of SES (MessageRejected, an unverified sender, a bad
 * request) is permanent. Messages name the SES error only: SES's own text quotes addresses.
 */
export const classifySesError = (error: unknown, now: number): OperationError => {
  const sdk = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = sdk.$metadata?.httpStatusCode ?? null;
  const at = { attempts: 1, lastStatus: status };
  const name = sdk.name ?? 'Error';
  if (THROTTLED.has(name)) return retryable('rate_limited', `SES throttled: ${name}`, now, at, error);
  if (ACCOUNT_BLOCKED.has(name) || sdk.$fault === 'server' || (status !== null && status >= 500)) {
    return retryable('server_error', `SES unavailable: ${name}`, now, at, error);
  }
  if (status !== null || sdk.$fault === 'client') {
    return permanent('client_error', `SES rejected the message: ${name}`, now, at, error);
  }
  return classifyThrown(error, { attempts: 1, now });
};

/** Sends through SES v2 `SendEmail` within `timeoutMs`; resolves to SES's HTTP status. */
export const sendWithSes = async (
  ses: SESv2Client,
  email: RenderedEmail,
  trace: EmailTrace,
  timeoutMs: number,
): Promise<number> => {
  const command = new SendEmailCommand({
    FromEmailAddress: email.from,
    Destination: { ToAddresses: [...email.to] },
    Content: {
      Simple: {
        Subject: { Data: email.subject, Charset: 'UTF-8' },
        Body: {
          Text: { Data: email.text, Charset: 'UTF-8' },
          ...(email.html === null ? {} : { Html: { Data: email.html, Charset: 'UTF-8' } }),
        },
        Headers: [
          { Name: 'X-Tsunagi-Trace-Id', Value: trace.traceId },
          { Name: 'X-Tsunagi-Delivery-Id', Value: trace.deliveryId },
        ],
      },
    },
  });
  const output = await ses.send(command, { abortSignal: AbortSignal.timeout(timeoutMs) });
  return output.$metadata.httpStatusCode ?? 200;
};

/** `SesSender` on SES v2 `SendEmail`. */
export class SesEmailSender implements SesSender {
  public constructor(private readonly client: SESv2Client) {}

  public send(email: RenderedEmail, trace: EmailTrace, timeoutMs: number): Promise<number> {
    return sendWithSes(this.client, email, trace, timeoutMs);
  }

  public classify(error: unknown, now: number): OperationError {
    return classifySesError(error, now);
  }
}
