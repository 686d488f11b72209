import {
  SLACK_RETRY_HEADERS,
  SLACK_SIGNATURE_HEADER,
  SLACK_SIGNATURE_VERSION,
  SLACK_TIMESTAMP_HEADER,
  slackSignedParts,
} from '../../vendors/slack/request-signing.ts';
import { assertHmacMatches, hmac } from '../crypto.ts';
import { MalformedPayloadError } from '../errors.ts';
import {
  eventFacts,
  handshake,
  isFormRequest,
  isJsonObject,
  type JsonObject,
  parseForm,
  parseJsonObject,
  parseJsonObjectText,
  stringField,
} from '../payload.ts';
import { requireHeader, requireSecrets, requireTimestamp, stripPrefix } from '../request-parts.ts';
import type { Interpretation, WebhookScheme } from '../scheme.ts';

/** Events API JSON: the URL verification handshake, an event callback, or another envelope type. */
const interpretJson = (body: JsonObject): Interpretation => {
  const type = stringField(body, 'type');
  if (type === 'url_verification') {
    const challenge = stringField(body, 'challenge');
    if (challenge === null) throw new MalformedPayloadError('url_verification without a challenge');
    return handshake('text/plain', challenge);
  }
  if (type === 'event_callback') {
    const event = body.event;
    return eventFacts(stringField(body, 'event_id'), isJsonObject(event) ? stringField(event, 'type') : null);
  }
  return eventFacts(null, type);
};

/** Form bodies: interactivity sends `payload=<json>`, slash commands send `command=…`. */
const interpretForm = (form: URLSearchParams): Interpretation => {
  const payload = form.get('payload');
  if (payload !== null) {
    const interaction = parseJsonObjectText(payload, 'payload field');
    return eventFacts(stringField(interaction, 'trigger_id'), stringField(interaction, 'type'));
  }
  if (form.has('command')) return eventFacts(form.get('trigger_id'), 'slash_command');
  throw new MalformedPayloadError('form body has neither payload nor command');
};

/** Slack: `v0=` hex HMAC-SHA256 over `v0:{timestamp}:{body}`, form bodies included. */
export const slackScheme: WebhookScheme = {
  id: 'slack',
  capturedHeaders: [SLACK_TIMESTAMP_HEADER, ...SLACK_RETRY_HEADERS],

  verify(request, secrets) {
    const keys = requireSecrets(secrets);
    const header = requireHeader(request.headers, SLACK_SIGNATURE_HEADER);
    const timestamp = requireTimestamp(request, SLACK_TIMESTAMP_HEADER);
    const signature = stripPrefix(header, `${SLACK_SIGNATURE_VERSION}=`, SLACK_SIGNATURE_HEADER);
    const parts = slackSignedParts(timestamp, request.body);
    assertHmacMatches({ algorithm: 'sha256', encoding: 'hex', keys, parts, candidates: [signature] });
  },

  interpret: (request) =>
    isFormRequest(request.headers)
      ? interpretForm(parseForm(request.body))
      : interpretJson(parseJsonObject(request.body)),

  sign({ body, secret, nowSeconds }) {
    const timestamp = String(Math.floor(nowSeconds));
    const signature = `${SLACK_SIGNATURE_VERSION}=${hmac('sha256', secret, slackSignedParts(timestamp, body), 'hex')}`;
    return {
      headers: { [SLACK_TIMESTAMP_HEADER]: timestamp, [SLACK_SIGNATURE_HEADER]: signature },
      query: '',
    };
  },
};
