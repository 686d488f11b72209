import {
  GRAPH_CLIENT_STATE_FIELD,
  GRAPH_VALIDATION_TOKEN_PARAM,
} from '../../vendors/msgraph/change-notifications.ts';
import { anyEqual } from '../crypto.ts';
import { VerificationError } from '../errors.ts';
import {
  eventFacts,
  handshake,
  isJsonObject,
  type JsonObject,
  joinDistinct,
  stringField,
  tryParseJsonObject,
} from '../payload.ts';
import { requireSecrets } from '../request-parts.ts';
import type { WebhookRequest, WebhookScheme } from '../scheme.ts';

/** The notification items of a `{value: [...]}` body, or null when the body has another shape. */
const notifications = (request: WebhookRequest): readonly JsonObject[] | null => {
  const value = tryParseJsonObject(request.body)?.value;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isJsonObject)) return null;
  return value;
};

/**
 * Microsoft Graph change notifications: no signature; every item must carry one of the configured
 * `clientState` values. The subscription validation handshake is answered before verification.
 */
export const msgraphScheme: WebhookScheme = {
  id: 'msgraph',
  capturedHeaders: [],

  preVerificationHandshake(request) {
    const token = new URLSearchParams(request.rawQueryString).get(GRAPH_VALIDATION_TOKEN_PARAM);
    // Plain text only: the token is echoed back and must never be interpreted as markup.
    return token === null ? null : handshake('text/plain', token);
  },

  verify(request, secrets) {
    const clientStates = requireSecrets(secrets);
    const items = notifications(request);
    if (!items)
      throw new VerificationError('malformed_header', 'body is not a non-empty {value: [...]} list');
    const allMatch = items.every((item) => {
      const clientState = stringField(item, GRAPH_CLIENT_STATE_FIELD);
      return clientState !== null && anyEqual(clientStates, [clientState]);
    });
    if (!allMatch)
      throw new VerificationError('client_state_mismatch', 'a notification has an unknown clientState');
  },

  interpret(request) {
    const items = notifications(request) ?? [];
    // Lifecycle notifications (subscriptionRemoved, missed, reauthorizationRequired) have no changeType.
    const types = items.map((item) => stringField(item, 'changeType') ?? stringField(item, 'lifecycleEvent'));
    return eventFacts(null, joinDistinct(types));
  },

  // The clientState travels inside the body the sender builds, so there is nothing to add.
  sign: () => ({ headers: {}, query: '' }),
};
