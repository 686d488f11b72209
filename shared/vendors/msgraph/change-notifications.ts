/**
 * Microsoft Graph change notifications (learn.microsoft.com/graph/change-notifications-delivery-webhooks): no
 * signature; each item of a `{ value: [...] }` batch echoes the subscription's `clientState`. The inbound scheme
 * verifies with these.
 */

/** The query parameter of a new subscription's validation request; the answer echoes it as `text/plain`. */
export const GRAPH_VALIDATION_TOKEN_PARAM = 'validationToken';
/** The field of each notification item that carries the subscription's secret. */
export const GRAPH_CLIENT_STATE_FIELD = 'clientState';
/** A subscription's `clientState` holds at most 128 characters. */
export const GRAPH_CLIENT_STATE_MAX_LENGTH = 128;
