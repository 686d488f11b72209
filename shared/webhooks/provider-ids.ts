/** The provider ids accepted in `POST /webhooks/{provider}/{tenantId}`; part of the public URL contract. */
export const PROVIDER_IDS = [
  'generic',
  'standard',
  'stripe',
  'github',
  'slack',
  'shopify',
  'line',
  'lineworks',
  'twilio',
  'msgraph',
] as const;

export type ProviderId = (typeof PROVIDER_IDS)[number];

/** Narrows an arbitrary path segment to a known provider id. */
export const isProviderId = (value: string): value is ProviderId =>
  (PROVIDER_IDS as readonly string[]).includes(value);

/** Lower-case tenant ids only, so a tenant id can never steer a secret lookup to another name. */
export const TENANT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** True when the value is a syntactically valid tenant id. */
export const isTenantId = (value: string): boolean => TENANT_ID_PATTERN.test(value);
