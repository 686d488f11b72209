import {
  parseRouteSigningSecrets,
  resignStandardWebhook,
} from '../../delivery/destinations/standard-signature.ts';
import { SecretPlanError } from './signing-secret-list.ts';

/**
 * A route's signing secrets as the delivery worker reads and uses them: `{"signingSecrets": [current, …]}` (the
 * format `ops secrets` writes; a bare `whsec_…` or `{"signingSecret": …}` written by hand reads too), each a
 * Standard Webhooks secret the worker can sign with. Checked with the worker's own parser and signer.
 */

/** The listed secrets of a stored route secret; throws naming the secret, never its value. */
export const parseStoredRouteSecrets = (name: string, value: unknown): readonly string[] => {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  const secrets = parseRouteSigningSecrets(text);
  if (secrets.length === 0) throw new Error(`secret ${name} holds no route signing secret`);
  return secrets;
};

/** Whether the worker can sign a delivery with `secret` (a `whsec_` + base64 Standard Webhooks secret). */
export const canSignDeliveries = (secret: string): boolean => {
  try {
    resignStandardWebhook({ id: 'evt_check', body: Buffer.from('{}'), secrets: [secret], nowSeconds: 0 });
    return true;
  } catch {
    return false;
  }
};

/** Refuses a new route secret the worker could not sign with. */
export const assertRouteSecret = (secret: string): string => {
  if (!secret.startsWith('whsec_') || !canSignDeliveries(secret)) {
    throw new SecretPlanError(
      'a route signing secret is a Standard Webhooks secret: "whsec_" followed by base64',
    );
  }
  return secret;
};
