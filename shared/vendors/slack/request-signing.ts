/**
 * How Slack signs every request it sends an app (Events API, interactivity, slash commands), from
 * api.slack.com/authentication/verifying-requests-from-slack. The inbound scheme verifies with these; what the
 * platform accepts (the timestamp window, several live secrets) is the receiver's contract.
 */

/** `v0=<hex HMAC-SHA256>`, keyed by the app's signing secret. */
export const SLACK_SIGNATURE_HEADER = 'x-slack-signature';
/** Unix seconds, signed with the body. */
export const SLACK_TIMESTAMP_HEADER = 'x-slack-request-timestamp';
/** Sent on a redelivery: which try it is and why (`http_timeout`, `http_error`…). Not signed. */
export const SLACK_RETRY_HEADERS = ['x-slack-retry-num', 'x-slack-retry-reason'] as const;
/** The signature scheme's version, before the `=` in the header and at the start of the signed text. */
export const SLACK_SIGNATURE_VERSION = 'v0';

/** What Slack signs, as the parts an HMAC is fed: `v0:{timestamp}:` and then the raw body. */
export const slackSignedParts = (timestamp: string, body: Buffer): [string, Buffer] => [
  `${SLACK_SIGNATURE_VERSION}:${timestamp}:`,
  body,
];
