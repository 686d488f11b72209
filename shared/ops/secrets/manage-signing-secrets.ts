import type { SecretStore } from '../../kernel/secret-store.ts';
import { parseSigningSecrets, signingSecretString } from '../../webhooks/signing-secrets.ts';
import { parseStoredRouteSecrets } from './route-signing-secrets.ts';
import { planPut, planRetire, planRotate, type SecretChange } from './signing-secret-list.ts';

/**
 * The use cases of `ops secrets` (and, later, the web console) on the secret-store port: show, put, rotate and
 * retire a list of signing secrets, a tenant × provider's webhook secrets or a route's delivery signing
 * secrets (`format`). They read, plan with the rules of signing-secret-list.ts, and write by compare-and-swap
 * against the version read, so a change made by someone else between the two is refused rather than
 * overwritten.
 */

/** How one kind of signing-secret list is stored and read. */
export interface SigningSecretFormat {
  /** The listed secrets of a stored value; throws naming the secret, never its value. */
  parse(name: string, value: unknown): readonly string[];
  /** Shown next to a newly created secret (Secrets Manager's Description). */
  readonly description: string;
}

/** A tenant × provider's webhook signing secrets, as the receiver reads them. */
export const WEBHOOK_SECRET_FORMAT: SigningSecretFormat = {
  parse: parseSigningSecrets,
  description: 'tsunagi webhook signing secrets {"signingSecrets": [current, previous...]}',
};

/** A route's Standard Webhooks signing secrets, as the delivery worker reads them. */
export const ROUTE_SECRET_FORMAT: SigningSecretFormat = {
  parse: parseStoredRouteSecrets,
  description: 'tsunagi route signing secrets (Standard Webhooks) {"signingSecrets": [current, previous...]}',
};

/** A tenant × provider's signing secrets as stored. */
export interface StoredSigningSecrets {
  readonly name: string;
  /** Current first. */
  readonly secrets: readonly string[];
  /** When the value last changed, when the store knows. */
  readonly lastChanged: Date | null;
  /** The version read; a change is applied only while the secret is still at it. */
  readonly version: string;
}

/** What to change. */
export type SigningSecretRequest =
  | { readonly action: 'put'; readonly secret: string }
  | { readonly action: 'rotate'; readonly secret: string; readonly max?: number }
  | { readonly action: 'retire' };

export interface SigningSecretChangeOptions {
  /** Which list this is; webhook signing secrets unless said otherwise. */
  readonly format?: SigningSecretFormat;
  /** Plan only: nothing is written. */
  readonly dryRun?: boolean;
  /** Sees the plan before anything is written; throwing cancels the change (the CLI asks the operator here). */
  readonly confirm?: (change: SecretChange) => Promise<void>;
}

/** What a change did, or would do on a dry run. */
export interface SigningSecretChangeResult {
  readonly name: string;
  readonly change: SecretChange;
  readonly applied: boolean;
  /** The version written; null on a dry run. */
  readonly version: string | null;
}

/**
 * `show`: the listed secrets, or null when the secret does not exist. A malformed value throws with a message
 * naming the secret, never its value.
 */
export const showSigningSecrets = async (
  store: Pick<SecretStore, 'read'>,
  name: string,
  format: SigningSecretFormat = WEBHOOK_SECRET_FORMAT,
): Promise<StoredSigningSecrets | null> => {
  const stored = await store.read(name);
  if (stored === null) return null;
  const secrets = format.parse(name, stored.value);
  return { name, secrets, lastChanged: stored.lastChanged, version: stored.version };
};

const planOf = (existing: readonly string[] | null, request: SigningSecretRequest): SecretChange => {
  switch (request.action) {
    case 'put':
      return planPut(existing, request.secret);
    case 'rotate':
      return planRotate(existing, request.secret, request.max);
    case 'retire':
      return planRetire(existing);
  }
};

/**
 * Reads, plans, confirms and writes one change. Rejects with `SecretPlanError` when the rules refuse it, and
 * with `SecretExistsError`, `SecretMissingError` or `SecretConflictError` when the secret changed after it was
 * read (nothing is written then).
 */
export const changeSigningSecrets = async (
  store: Pick<SecretStore, 'read' | 'write'>,
  name: string,
  request: SigningSecretRequest,
  options: SigningSecretChangeOptions = {},
): Promise<SigningSecretChangeResult> => {
  const format = options.format ?? WEBHOOK_SECRET_FORMAT;
  const current = await showSigningSecrets(store, name, format);
  const change = planOf(current?.secrets ?? null, request);
  if (options.dryRun) return { name, change, applied: false, version: null };
  await options.confirm?.(change);
  const value = signingSecretString(change.after);
  const version = await store.write(name, value, current?.version ?? null, {
    description: format.description,
  });
  return { name, change, applied: true, version };
};

/** `put`: the first secret of a tenant × provider. */
export const putSigningSecret = (
  store: Pick<SecretStore, 'read' | 'write'>,
  name: string,
  secret: string,
  options?: SigningSecretChangeOptions,
): Promise<SigningSecretChangeResult> =>
  changeSigningSecrets(store, name, { action: 'put', secret }, options);

/** `rotate`: a new current secret in front; the previous ones keep verifying until retired. */
export const rotateSigningSecret = (
  store: Pick<SecretStore, 'read' | 'write'>,
  name: string,
  secret: string,
  options?: SigningSecretChangeOptions,
): Promise<SigningSecretChangeResult> =>
  changeSigningSecrets(store, name, { action: 'rotate', secret }, options);

/** `retire`: only the current secret stays valid. */
export const retireSigningSecret = (
  store: Pick<SecretStore, 'read' | 'write'>,
  name: string,
  options?: SigningSecretChangeOptions,
): Promise<SigningSecretChangeResult> => changeSigningSecrets(store, name, { action: 'retire' }, options);
