import {
  LINE_WORKS_BOT_ID_HEADER,
  LINE_WORKS_SIGNATURE_HEADER,
} from '../../vendors/lineworks/bot-callbacks.ts';
import { type BodyHmacOptions, signBodyHmac, verifyBodyHmac } from '../body-hmac.ts';
import { eventFacts, parseJsonObject, stringField } from '../payload.ts';
import type { WebhookScheme } from '../scheme.ts';

const SIGNATURE: BodyHmacOptions = { headers: [LINE_WORKS_SIGNATURE_HEADER], encoding: 'base64' };

/** LINE WORKS bots: base64 HMAC-SHA256 of the raw body, keyed by the bot secret; no timestamp. */
export const lineworksScheme: WebhookScheme = {
  id: 'lineworks',
  capturedHeaders: [LINE_WORKS_BOT_ID_HEADER],

  verify: (request, secrets) => verifyBodyHmac(request, secrets, SIGNATURE),

  interpret(request) {
    // LINE WORKS callbacks carry no event id; dedupe has to rely on the envelope's own id.
    return eventFacts(null, stringField(parseJsonObject(request.body), 'type'));
  },

  sign: ({ body, secret }) => ({
    headers: { [LINE_WORKS_SIGNATURE_HEADER]: signBodyHmac(body, secret, SIGNATURE) },
    query: '',
  }),
};
