import { currentConfig } from './config.ts';

/**
 * Sign-in on a stage: Cognito's managed login with the authorization code flow and PKCE (a public client, no
 * secret in the page). The ID token is kept in sessionStorage (gone when the tab closes) and sent as a bearer
 * token; the console API verifies it on every call. Local mode has no sign-in.
 */

const TOKEN_KEY = 'tsunagi.console.id_token';
const VERIFIER_KEY = 'tsunagi.console.pkce';

const base64url = (bytes: ArrayBuffer | Uint8Array): string =>
  btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');

export const authHeader = (): Record<string, string> => {
  const token = sessionStorage.getItem(TOKEN_KEY);
  return token ? { authorization: `Bearer ${token}` } : {};
};

const expired = (token: string): boolean => {
  try {
    const claims = JSON.parse(atob(token.split('.')[1]!.replaceAll('-', '+').replaceAll('_', '/'))) as {
      exp?: number;
    };
    return !claims.exp || claims.exp * 1000 < Date.now() + 30_000;
  } catch {
    return true;
  }
};

/** Goes to the managed login page; it comes back to the console with `?code=`. */
export const signIn = async (): Promise<void> => {
  const auth = currentConfig().auth;
  if (!auth) return;
  const verifier = base64url(crypto.getRandomValues(new Uint8Array(32)));
  sessionStorage.setItem(VERIFIER_KEY, verifier);
  const challenge = base64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  const params = new URLSearchParams({
    response_type: 'code',
    client_id: auth.clientId,
    redirect_uri: auth.redirectUri,
    scope: 'openid email profile',
    code_challenge_method: 'S256',
    code_challenge: challenge,
    state: location.hash || '#/',
  });
  location.assign(`${auth.domain}/oauth2/authorize?${params}`);
};

/** Ends the session here and at Cognito. */
export const signOut = (): void => {
  const auth = currentConfig().auth;
  sessionStorage.removeItem(TOKEN_KEY);
  if (!auth) return;
  const params = new URLSearchParams({ client_id: auth.clientId, logout_uri: auth.redirectUri });
  location.assign(`${auth.domain}/logout?${params}`);
};

/** Makes sure a stage's page has a live token: redeems a returned code, or goes to sign in. */
export const ensureSignedIn = async (): Promise<boolean> => {
  const auth = currentConfig().auth;
  if (!auth) return true;
  const url = new URL(location.href);
  const code = url.searchParams.get('code');
  if (code) {
    const body = new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: auth.clientId,
      code,
      redirect_uri: auth.redirectUri,
      code_verifier: sessionStorage.getItem(VERIFIER_KEY) ?? '',
    });
    const response = await fetch(`${auth.domain}/oauth2/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    });
    const tokens = (await response.json()) as { id_token?: string };
    sessionStorage.removeItem(VERIFIER_KEY);
    if (tokens.id_token) sessionStorage.setItem(TOKEN_KEY, tokens.id_token);
    history.replaceState(null, '', `${url.pathname}${url.searchParams.get('state') ?? '#/'}`);
  }
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token && !expired(token)) return true;
  await signIn();
  return false;
};
