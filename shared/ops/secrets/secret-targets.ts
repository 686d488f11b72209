import { CHAT_SYSTEMS, type ChatSystem } from '../../tenants/destinations.ts';
import { integrationSecretName, routeSigningSecretName } from '../../tenants/secret-names.ts';
import type { ProviderId } from '../../webhooks/provider-ids.ts';
import { signingSecretName } from '../../webhooks/signing-secrets.ts';

/**
 * The secrets a tenant has, by kind: a webhook provider's signing secrets (the receiver verifies with them), a
 * route's Standard Webhooks signing secrets (the worker signs its deliveries with them) and a chat system's
 * integration credentials (the daily sync and chat routes use them).
 */

export const SECRET_KINDS = ['webhook', 'route', 'integration'] as const;
export type SecretKind = (typeof SECRET_KINDS)[number];

export type SecretTarget =
  | { readonly kind: 'webhook'; readonly provider: ProviderId }
  | { readonly kind: 'route'; readonly routeId: string }
  | { readonly kind: 'integration'; readonly system: ChatSystem };

export const isSecretKind = (value: string): value is SecretKind =>
  (SECRET_KINDS as readonly string[]).includes(value);

export const isChatSystem = (value: string): value is ChatSystem =>
  (CHAT_SYSTEMS as readonly string[]).includes(value);

/** The name the secret gets by convention (a tenant file may name another one in the tenant's namespace). */
export const conventionalSecretName = (prefix: string, tenantId: string, target: SecretTarget): string => {
  switch (target.kind) {
    case 'webhook':
      return signingSecretName(prefix, tenantId, target.provider);
    case 'route':
      return routeSigningSecretName(prefix, tenantId, target.routeId);
    case 'integration':
      return integrationSecretName(prefix, tenantId, target.system);
  }
};

/** `webhook generic`, `route orders`, `integration SLACK`: how the CLI names the target. */
export const targetWords = (target: SecretTarget): string => {
  switch (target.kind) {
    case 'webhook':
      return `webhook ${target.provider}`;
    case 'route':
      return `route ${target.routeId}`;
    case 'integration':
      return `integration ${target.system}`;
  }
};
