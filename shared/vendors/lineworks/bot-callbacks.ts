/**
 * How LINE WORKS signs the callbacks it sends a bot (developers.worksmobile.com, "Bot callback"): a base64
 * HMAC-SHA256 of the raw body keyed by the bot secret, with no timestamp. The inbound scheme verifies with these.
 */

/** The base64 HMAC-SHA256 of the raw body. */
export const LINE_WORKS_SIGNATURE_HEADER = 'x-works-signature';
/** The bot the callback is for. Not signed. */
export const LINE_WORKS_BOT_ID_HEADER = 'x-works-botid';
