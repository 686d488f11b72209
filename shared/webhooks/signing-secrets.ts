import * as z from 'zod/mini';
import type { ProviderId } from './provider-ids.ts';

/** The SecretString stored for each tenant × provider: every listed secret verifies (rotation). */
export const SigningSecretsSchema = z.object({
  signingSecrets: z.array(z.string().check(z.minLength(1))).check(z.minLength(1)),
});

export type SigningSecrets = z.infer<typeof SigningSecretsSchema>;

/** `{prefix}/{tenantId}/webhooks/{provider}`: the one place secret names are built. */
export const signingSecretName = (prefix: string, tenantId: string, provider: ProviderId): string =>
  `${prefix}/${tenantId}/webhooks/${provider}`;

/**
 * Reads a SecretString (JSON text, or an already-parsed object from a local secrets file).
 * Throws with a message naming the secret, never its value.
 */
export const parseSigningSecrets = (name: string, value: unknown): readonly string[] => {
  let candidate = value;
  if (typeof value === 'string') {
    try {
      candidate = JSON.parse(value);
    } catch {
      throw new Error(`secret ${name} is not JSON of the form {"signingSecrets": [...]}`);
    }
  }
  const parsed = SigningSecretsSchema.safeParse(candidate);
  if (!parsed.success) {
    throw new Error(`secret ${name} must be {"signingSecrets": ["<current>", ...]} with at least one secret`);
  }
  return parsed.data.signingSecrets;
};
