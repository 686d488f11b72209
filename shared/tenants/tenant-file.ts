import * as z from 'zod';
import { PROVIDER_IDS, TENANT_ID_PATTERN } from '../webhooks/provider-ids.ts';
import { ChatSystemSchema, DestinationSchema } from './destinations.ts';
import { nonSecretString, SecretReferenceSchema } from './secret-reference.ts';

/** Route ids appear in `Idempotency-Key: <event id>:<route id>` and in item keys, so no `:` or `#`. */
export const ROUTE_ID_PATTERN = /^[a-z0-9][a-z0-9_-]{0,63}$/;

export const TenantIdSchema = z
  .string()
  .regex(TENANT_ID_PATTERN, 'must be a lower-case tenant id: [a-z0-9][a-z0-9-]{0,62}');

export const RouteIdSchema = z
  .string()
  .regex(ROUTE_ID_PATTERN, 'must be 1-64 of a-z 0-9 _ -, starting with a letter or digit');

/** `*` alone matches every event (one without a type too); elsewhere `*` stands for any run of characters. */
export const EventTypePatternSchema = z
  .string()
  .min(1, 'must not be empty (use "*" for every event type)')
  .max(256, 'must be at most 256 characters')
  .regex(/^\S+$/, 'must not contain whitespace');

export const RouteMatchSchema = z.strictObject({
  provider: z.enum([...PROVIDER_IDS, '*']),
  event_type: EventTypePatternSchema,
  /**
   * An EventBridge event pattern over the route document; its content is checked at apply time by
   * `routeRuleIssues` (validate-route-rules.ts), and a stored one that no longer compiles never matches.
   */
  filter: z.record(z.string(), z.unknown(), 'must be an object (an EventBridge event pattern)').optional(),
});

export const RouteSchema = z.strictObject({
  route_id: RouteIdSchema,
  description: z.string().max(500, 'must be at most 500 characters').optional(),
  match: RouteMatchSchema,
  destination: DestinationSchema,
  /** A JSONata expression over the route document that shapes what is delivered; checked like `filter`. */
  transform: z.string('must be a string (a JSONata expression)').optional(),
  enabled: z.boolean().default(true),
});

/** A tenant's link to one chat system; the credentials stay in Secrets Manager. */
export const IntegrationSchema = z.strictObject({
  system: ChatSystemSchema,
  credentials_secret_arn_or_name: SecretReferenceSchema,
  /** System-specific, non-secret settings (workspace id, Azure AD tenant id, bot id, …). */
  settings: z
    .record(
      z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, 'setting names are snake_case'),
      z.union([nonSecretString(1024), z.number(), z.boolean()]),
    )
    .default({}),
});

export const TenantStatusSchema = z.enum(['active', 'suspended']);

export const TenantSchema = z.strictObject({
  tenant_id: TenantIdSchema,
  name: z.string().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
  status: TenantStatusSchema,
  integrations: z.array(IntegrationSchema).default([]),
  routes: z.array(RouteSchema).default([]),
});

/** The file an operator applies: the complete desired state of each tenant it names. */
export const TenantFileSchema = z.strictObject({
  tenants: z.array(TenantSchema).min(1, 'must list at least one tenant'),
});

export type RouteMatch = z.infer<typeof RouteMatchSchema>;
export type Route = z.infer<typeof RouteSchema>;
export type Integration = z.infer<typeof IntegrationSchema>;
export type TenantStatus = z.infer<typeof TenantStatusSchema>;
export type Tenant = z.infer<typeof TenantSchema>;
export type TenantFile = z.infer<typeof TenantFileSchema>;
/** A tenant as the hot path reads it: everything but its routes. */
export type TenantProfile = Omit<Tenant, 'routes'>;
