import * as z from 'zod';
import { type Clock, type RateLimitRule, realSleep, systemClock } from '../../kernel/index.ts';
import type { ChatSystem } from '../../tenants/destinations.ts';
import { AuthRevokedError, VendorResponseError } from './errors.ts';
import { type PaceSlot, type RateLimitsOf, RatePacer, rateLimitsOf } from './rate-limits.ts';
import { SyncHttp, type VendorAnswer, type VendorErrorReader } from './sync-http.ts';
import type { ConnectorRuntime } from './types.ts';

/** The quota bucket of one tenant's method (or team): `SLACK:T0123:users.list`. */
export const paceSlot = (
  system: ChatSystem,
  tenantKey: string,
  scope: string,
  rule: RateLimitRule,
): PaceSlot => ({
  key: `${system}:${tenantKey}:${scope}`,
  rule,
});

/** Seconds as a number or, as LINE WORKS sends it, a string of digits. */
export const SecondsSchema = z.union([
  z.number().int().positive(),
  z.string().regex(/^\d+$/).transform(Number),
]);

/** An RFC 6749 token answer, as Microsoft and LINE WORKS send it. */
export const OAuthTokenSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: SecondsSchema,
  refresh_token: z.string().min(1).optional(),
  token_type: z.string().optional(),
});

const OAuthErrorSchema = z.looseObject({ error: z.string(), error_description: z.string().optional() });

/** The status codes whose meaning the generic classifier knows better than any body (retry, or refresh). */
export const deferToStatus = (answer: VendorAnswer): boolean =>
  answer.status === 408 || answer.status === 429 || answer.status >= 500 || answer.status < 400;

/**
 * Reads a token endpoint's RFC 6749 error. Codes in `revoked` mean the stored credentials will never work again
 * (they become `AuthRevokedError` with `hint`, what an operator should do); any other code is a permanent refusal.
 */
export const oauthErrorReader =
  (system: ChatSystem, revoked: readonly string[], hint: string): VendorErrorReader =>
  (answer, label) => {
    if (deferToStatus(answer)) return null;
    const parsed = OAuthErrorSchema.safeParse(answer.json);
    if (!parsed.success) return null;
    const code = parsed.data.error;
    const init = { system, failedAt: answer.now, attempts: answer.attempts, lastStatus: answer.status };
    if (revoked.includes(code)) {
      return new AuthRevokedError({
        ...init,
        message: `${label} refused the credentials (${code}): ${hint}`,
      });
    }
    return new VendorResponseError({ ...init, message: `${label} refused the request (${code})` });
  };

/** The grant a token answer means, `rotated` only when the vendor sent a refresh token other than `previous`. */
export const grantFrom = (
  answer: z.infer<typeof OAuthTokenSchema>,
  now: number,
  previous: string | undefined,
): { accessToken: string; expiresAt: number; rotated?: { refreshToken: string } } => {
  const grant = { accessToken: answer.access_token, expiresAt: now + answer.expires_in * 1000 };
  const fresh = answer.refresh_token;
  return fresh !== undefined && fresh !== previous ? { ...grant, rotated: { refreshToken: fresh } } : grant;
};

/** A connector's two clients (the API's and the token endpoint's), sharing one clock and one pacer. */
export interface ConnectorClients<S extends ChatSystem> {
  readonly clock: Clock;
  readonly api: SyncHttp;
  readonly login: SyncHttp;
  readonly limits: RateLimitsOf<S>;
}

/** Builds a connector's clients from its runtime options, each with its own error reader. */
export const connectorClients = <S extends ChatSystem>(
  system: S,
  options: ConnectorRuntime<S>,
  readers: { readonly api: VendorErrorReader; readonly login: VendorErrorReader },
): ConnectorClients<S> => {
  const clock = options.clock ?? systemClock;
  const pacer = options.pacer ?? new RatePacer({ clock, sleep: options.sleep ?? realSleep });
  const runtime = { ...options, clock, pacer, system };
  return {
    clock,
    api: new SyncHttp({ ...runtime, readError: readers.api }),
    login: new SyncHttp({ ...runtime, readError: readers.login }),
    limits: rateLimitsOf(system, options.rateLimits),
  };
};
