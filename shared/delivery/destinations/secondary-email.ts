import type { Clock } from '../../kernel/clock.ts';
import type { OutboundHttpClient, OutboundResponse } from '../../kernel/http/outbound-client.ts';
import type { RenderedEmail } from './email-message.ts';
import { deliveryHeaders } from './event-payload.ts';
import { permanent } from './failures.ts';
import { readSecret, type SecretReader, secretValue } from './secrets.ts';
import type { DeliveryContext } from './types.ts';

/** Where the secondary provider is and which secret holds its API key. */
export interface SecondaryEmailConfig {
  /** A SendGrid `v3/mail/send`-shaped endpoint. */
  readonly url: string;
  /** Secrets Manager name; the SecretString is the key itself or `{"api_key": "…"}`. */
  readonly keySecretName: string;
}

/** One breaker and rate limit for the provider: it is shared by every tenant. */
export const SECONDARY_EMAIL_DESTINATION_ID = 'email:secondary';

/** The SendGrid `mail/send` body: text first, as SendGrid requires, then HTML when there is some. */
export const sendGridBody = (email: RenderedEmail) => ({
  personalizations: [{ to: email.to.map((address) => ({ email: address })) }],
  from: { email: email.from },
  subject: email.subject,
  content: [
    { type: 'text/plain', value: email.text },
    ...(email.html === null ? [] : [{ type: 'text/html', value: email.html }]),
  ],
});

/** The secondary email provider, called through the outbound client (retries, breaker, rate limit). */
export class SecondaryEmailSender {
  public constructor(
    private readonly client: OutboundHttpClient,
    private readonly secrets: SecretReader,
    private readonly config: SecondaryEmailConfig,
    private readonly clock: Clock,
  ) {}

  /** Sends the email; throws a classified `OperationError`. */
  public async send(
    email: RenderedEmail,
    context: DeliveryContext,
    perAttemptTimeoutMs: number,
  ): Promise<OutboundResponse> {
    return this.client.send(
      {
        destinationId: SECONDARY_EMAIL_DESTINATION_ID,
        kind: 'email',
        url: this.config.url,
        method: 'POST',
        headers: {
          ...deliveryHeaders(context.deliveryId, context.traceId),
          ...(await this.authorization(false)),
          'content-type': 'application/json',
        },
        body: JSON.stringify(sendGridBody(email)),
      },
      {
        deadline: context.deadline,
        perAttemptTimeoutMs,
        // A refused key may have been rotated since we cached it.
        refreshAuth: () => this.authorization(true),
      },
    );
  }

  private async authorization(forceFetch: boolean): Promise<Record<string, string>> {
    const name = this.config.keySecretName;
    const value = await readSecret(this.secrets, name, this.clock, forceFetch);
    const key = secretValue(value, ['api_key', 'apiKey', 'key']);
    if (key === null) throw permanent('invalid_request', `secret ${name} holds no API key`, this.clock());
    return { authorization: `Bearer ${key}` };
  }
}
