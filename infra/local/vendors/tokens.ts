import { randomBytes } from 'node:crypto';

/** What a bearer token is, to a fake vendor. */
export type TokenCheck =
  | { readonly state: 'valid'; readonly tenantId: string; readonly scopes: readonly string[] }
  | { readonly state: 'expired'; readonly tenantId: string }
  | { readonly state: 'unknown' };

/** What a live refresh token grants. */
export interface RefreshGrant {
  readonly tenantId: string;
  readonly scopes: readonly string[];
}

const scopesOf = (scope: string): string[] => scope.split(/\s+/).filter((s) => s !== '');

/**
 * Access and refresh tokens one fake vendor issued, per tenant. Refresh tokens can rotate: `rotateRefresh`
 * revokes the tenant's previous one, as Slack does, so replaying an old refresh token gets `invalid_grant`;
 * `addRefresh` keeps earlier ones working, as Microsoft's identity platform does.
 */
export class FakeTokenBook {
  private readonly access = new Map<string, { tenantId: string; expiresAt: number; scopes: string[] }>();
  private readonly refresh = new Map<string, RefreshGrant>();
  private readonly currentRefresh = new Map<string, string>();

  public constructor(
    private readonly prefix: { readonly access: string; readonly refresh: string },
    private readonly now: () => number = Date.now,
  ) {}

  /** A new access token for `tenantId`, valid `lifetimeMs`, granting the space-separated `scope`. */
  public issueAccess(tenantId: string, lifetimeMs: number, scope = ''): string {
    const token = `${this.prefix.access}-${randomBytes(12).toString('hex')}`;
    const scopes = scopesOf(scope);
    this.access.set(token, { tenantId, expiresAt: this.now() + lifetimeMs, scopes });
    return token;
  }

  /** Whether `token` is one of ours, and still valid. */
  public check(token: string | null): TokenCheck {
    const entry = token === null ? undefined : this.access.get(token);
    if (entry === undefined) return { state: 'unknown' };
    if (entry.expiresAt <= this.now()) return { state: 'expired', tenantId: entry.tenantId };
    return { state: 'valid', tenantId: entry.tenantId, scopes: entry.scopes };
  }

  /** Every access token of `tenantId` expires now (the `expire_tokens` fault). */
  public expireAll(tenantId: string): void {
    for (const entry of this.access.values()) if (entry.tenantId === tenantId) entry.expiresAt = 0;
  }

  /** A new refresh token for `tenantId`; the previous one stops working. */
  public rotateRefresh(tenantId: string): string {
    const previous = this.currentRefresh.get(tenantId);
    if (previous !== undefined) this.refresh.delete(previous);
    const token = this.addRefresh(tenantId);
    this.currentRefresh.set(tenantId, token);
    return token;
  }

  /** A new refresh token for `tenantId` granting the space-separated `scope`; earlier ones stay live. */
  public addRefresh(tenantId: string, scope = ''): string {
    const token = `${this.prefix.refresh}-${randomBytes(16).toString('hex')}`;
    this.refresh.set(token, { tenantId, scopes: scopesOf(scope) });
    return token;
  }

  /** What a live refresh token grants, or null (never issued, or rotated away). */
  public refreshGrant(token: string | undefined): RefreshGrant | null {
    return token === undefined ? null : (this.refresh.get(token) ?? null);
  }

  /** The tenant a live refresh token belongs to, or null (never issued, or rotated away). */
  public refreshTenant(token: string | undefined): string | null {
    return this.refreshGrant(token)?.tenantId ?? null;
  }

  /** The tenant's live refresh token, if it has one. */
  public currentRefreshOf(tenantId: string): string | undefined {
    return this.currentRefresh.get(tenantId);
  }
}
