import type { ChatSystem } from '../../tenants/destinations.ts';
import type { AccessToken } from './ports.ts';

// A token this close to expiry is refreshed instead: a listing of thousands of pages can take minutes.
const EXPIRY_MARGIN_MS = 5 * 60_000;
const DEFAULT_MAX_ENTRIES = 1_000;

/**
 * Access tokens of one sync-step container, per tenant × system. Tokens never travel in the state machine's
 * payload (it is kept in the execution history), so the steps after `token` take them from here; a step that
 * lands on a container without one refreshes again, which is safe because rotation is a compare-and-swap.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, AccessToken>();

  public constructor(private readonly maxEntries = DEFAULT_MAX_ENTRIES) {}

  /** The cached token, unless it is missing or about to expire. */
  public get(tenantId: string, system: ChatSystem, now: number): AccessToken | null {
    const token = this.tokens.get(`${tenantId}#${system}`);
    return token !== undefined && token.expiresAt - EXPIRY_MARGIN_MS > now ? token : null;
  }

  /** Remembers a token; the oldest entry goes first when the container has seen many tenants. */
  public set(tenantId: string, system: ChatSystem, token: AccessToken): void {
    const key = `${tenantId}#${system}`;
    this.tokens.delete(key);
    if (this.tokens.size >= this.maxEntries) this.tokens.delete(this.tokens.keys().next().value as string);
    this.tokens.set(key, { accessToken: token.accessToken, expiresAt: token.expiresAt });
  }

  /** Forgets a token the vendor refused. */
  public delete(tenantId: string, system: ChatSystem): void {
    this.tokens.delete(`${tenantId}#${system}`);
  }
}
