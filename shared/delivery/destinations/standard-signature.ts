import { standardScheme } from '../../webhooks/schemes/standard.ts';
import { secretFields } from './secrets.ts';

/**
 * Route signing secrets hold `{"signingSecrets": ["<current>", "<previous>", …]}` (the inbound format), or
 * `{"signingSecret": "<secret>"}`, or the bare `whsec_…` string.
 */
export const parseRouteSigningSecrets = (value: string): string[] => {
  const fields = secretFields(value);
  if (fields === null) return value.trim() === '' ? [] : [value.trim()];
  const listed = Array.isArray(fields.signingSecrets) ? fields.signingSecrets : [fields.signingSecret];
  return listed.filter((secret): secret is string => typeof secret === 'string' && secret !== '');
};

/** What re-signing needs: the platform event id becomes `webhook-id`. */
export interface ResignInput {
  readonly id: string;
  readonly body: Buffer;
  readonly secrets: readonly string[];
  readonly nowSeconds: number;
}

/**
 * Standard Webhooks headers through the scheme's own `sign()` (one signer in the codebase). Every listed secret
 * signs, space-separated as the spec allows, so a tenant rotating its secret verifies with either one.
 */
export const resignStandardWebhook = (input: ResignInput): Record<string, string> => {
  const signed = input.secrets.map(
    (secret) =>
      standardScheme.sign({
        id: input.id,
        body: input.body,
        secret,
        nowSeconds: input.nowSeconds,
        url: '',
        contentType: 'application/json',
      }).headers,
  );
  const first = signed[0];
  if (first === undefined) throw new TypeError('no signing secret to sign with');
  const signatures = signed.map((headers) => headers['webhook-signature']).join(' ');
  return { ...first, 'webhook-signature': signatures };
};
