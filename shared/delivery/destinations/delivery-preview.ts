import type { Destination } from '../../tenants/destinations.ts';
import { CHAT_TEXT_RULES, chatText } from './chat/chat-text.ts';
import type { TransformOutput } from './delivery-transforms.ts';
import { renderEmail } from './email.ts';
import { deliveryHeaders } from './event-payload.ts';
import type { DeliveryContext } from './types.ts';

/** What a destination would get for a delivery, without sending it (`ops routes test`). */
export interface DeliveryPreview {
  /** Where it would go, for people: `POST <url>`, `email to …`, `SLACK C0…`. */
  readonly target: string;
  /** Header names lower-case, as the far end reads them. */
  readonly headers: Readonly<Record<string, string>>;
  /** The body, parsed when it is JSON. */
  readonly body: unknown;
}

export interface PreviewOptions {
  /** Epoch ms of the preview: the `webhook-timestamp` a delivery now would carry. */
  readonly now: number;
  /** The worker's `EMAIL_FROM`, for email routes that name no sender. */
  readonly defaultFrom: string;
}

const lowerCased = (headers: Readonly<Record<string, string>>): Record<string, string> =>
  Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));

/**
 * The request a delivery would make, built by the same code the destinations use. For http, the Standard
 * Webhooks signature is left as a placeholder: it is made with the route's secret at delivery time, and a
 * printed, valid signed request is a replayable credential.
 */
export const previewDelivery = (
  destination: Destination,
  context: DeliveryContext,
  output: TransformOutput,
  options: PreviewOptions,
): DeliveryPreview => {
  const clock = () => options.now;
  switch (destination.type) {
    case 'http': {
      const headers = lowerCased({
        ...destination.headers,
        ...deliveryHeaders(context.deliveryId, context.traceId),
        'content-type': 'application/json',
        'webhook-id': context.payload.event_id,
        'webhook-timestamp': String(Math.floor(options.now / 1000)),
        'webhook-signature': `v1,<signed at delivery with ${destination.signing_secret_name}>`,
      });
      const body = JSON.parse(JSON.stringify(output === null ? context.payload : output.value)) as unknown;
      return { target: `POST ${destination.url}`, headers, body };
    }
    case 'email': {
      const email = renderEmail(destination, context, options.defaultFrom, output, clock);
      return {
        target: `email to ${email.to.join(', ')}`,
        headers: { from: email.from, to: email.to.join(', '), subject: email.subject },
        body: { text: email.text, html: email.html },
      };
    }
    case 'chat': {
      const text = chatText(destination, context, output, CHAT_TEXT_RULES[destination.system], clock);
      return {
        target: `${destination.system} ${destination.channel_id}`,
        headers: { system: destination.system, channel_id: destination.channel_id },
        body: text,
      };
    }
  }
};
