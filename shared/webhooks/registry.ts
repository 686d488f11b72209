import type { ProviderId } from './provider-ids.ts';
import type { WebhookScheme } from './scheme.ts';
import { genericScheme } from './schemes/generic.ts';
import { githubScheme } from './schemes/github.ts';
import { lineScheme } from './schemes/line.ts';
import { lineworksScheme } from './schemes/lineworks.ts';
import { msgraphScheme } from './schemes/msgraph.ts';
import { shopifyScheme } from './schemes/shopify.ts';
import { slackScheme } from './schemes/slack.ts';
import { standardScheme } from './schemes/standard.ts';
import { stripeScheme } from './schemes/stripe.ts';
import { twilioScheme } from './schemes/twilio.ts';

/** Every provider's scheme; a provider id without one is a compile error. */
export const webhookSchemes = {
  generic: genericScheme,
  standard: standardScheme,
  stripe: stripeScheme,
  github: githubScheme,
  slack: slackScheme,
  shopify: shopifyScheme,
  line: lineScheme,
  lineworks: lineworksScheme,
  twilio: twilioScheme,
  msgraph: msgraphScheme,
} as const satisfies Record<ProviderId, WebhookScheme>;

/** The scheme that verifies and reads webhooks of the given provider. */
export const getScheme = (id: ProviderId): WebhookScheme => webhookSchemes[id];
