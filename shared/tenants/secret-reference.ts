import * as z from 'zod';

// Well-known credential shapes: Slack (xoxb-/xoxp-/xapp-), JWTs, GitHub, Stripe, Standard Webhooks, AWS keys,
// SendGrid, PEM blocks and pasted Authorization values.
const KNOWN_SECRET_PREFIX =
  /^(?:xox[abposr]-|xapp-|eyJ[A-Za-z0-9_-]{8,}|gh[pousr]_|github_pat_|[spr]k_(?:live|test)_|whsec_|(?:AKIA|ASIA)[0-9A-Z]{16}|SG\.|-----BEGIN|(?:Bearer|Basic)\s)/;
// Generated secrets are long unbroken runs; names people choose are words joined by separators.
const LONG_HEX_RUN = /[0-9a-fA-F]{32,}/;
const LONG_ALNUM_RUN = /[A-Za-z0-9]{24,}/g;

const isMixedRun = (run: string): boolean => /[a-z]/.test(run) && /[A-Z]/.test(run) && /[0-9]/.test(run);

/** True when a value looks like a credential itself (a token, key or signing secret) rather than its name. */
export const looksLikeSecretValue = (value: string): boolean => {
  if (KNOWN_SECRET_PREFIX.test(value.trimStart())) return true;
  for (const segment of value.split(/[/:\s]+/)) {
    if (KNOWN_SECRET_PREFIX.test(segment) || LONG_HEX_RUN.test(segment)) return true;
    if ((segment.match(LONG_ALNUM_RUN) ?? []).some(isMixedRun)) return true;
  }
  return false;
};

const SECRET_ARN = /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+$/;
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]{1,512}$/;

/** The message for a value that looks like a secret where only a reference to one belongs. */
export const SECRET_VALUE_MESSAGE =
  'looks like a secret value; secrets live in Secrets Manager and the tenant file holds only their names';

/** A Secrets Manager secret name or ARN; a pasted token or key is rejected with a message saying so. */
export const SecretReferenceSchema = z.string().superRefine((value, ctx) => {
  if (looksLikeSecretValue(value)) {
    ctx.addIssue({ code: 'custom', message: `${SECRET_VALUE_MESSAGE} (write the secret's name or ARN)` });
  } else if (value.startsWith('arn:') ? !SECRET_ARN.test(value) : !SECRET_NAME.test(value)) {
    ctx.addIssue({
      code: 'custom',
      message: 'must be a Secrets Manager secret name (1-512 of A-Z a-z 0-9 / _ + = . @ -) or secret ARN',
    });
  }
});

/** A plain string setting that must not carry a credential. */
export const nonSecretString = (maxLength: number) =>
  z
    .string()
    .max(maxLength, `must be at most ${maxLength} characters`)
    .refine((value) => !looksLikeSecretValue(value), SECRET_VALUE_MESSAGE);
