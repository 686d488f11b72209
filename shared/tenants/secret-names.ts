import type { ChatSystem } from './destinations.ts';

/**
 * The names a tenant's secrets get by convention, inside its namespace `{prefix}/{tenantId}/` (see
 * kernel/secret-names.ts): `…/routes/<route id>` for a route's Standard Webhooks signing secrets and
 * `…/integrations/<system>` for a chat system's credentials. A tenant file may name others in its namespace;
 * `ops secrets` creates these unless told another name.
 */

const SYSTEM_SUFFIX: Readonly<Record<ChatSystem, string>> = {
  SLACK: 'slack',
  TEAMS: 'teams',
  LINE_WORKS: 'line-works',
};

export const routeSigningSecretName = (prefix: string, tenantId: string, routeId: string): string =>
  `${prefix}/${tenantId}/routes/${routeId}`;

export const integrationSecretName = (prefix: string, tenantId: string, system: ChatSystem): string =>
  `${prefix}/${tenantId}/integrations/${SYSTEM_SUFFIX[system]}`;
