import * as z from 'zod';
import type { DlqFilter } from '../ops/dlq-message.ts';
import { parseSince } from '../ops/dlq-message.ts';
import { HttpProblem } from './http.ts';
import type { Principal } from './principal.ts';
import { scopedTenant } from './route.ts';

/** The filters of a DLQ view or change, as the page sends them (snake_case, as `describeFilter` shows them). */
export const FilterQuerySchema = z.object({
  tenant_id: z.string().max(63).optional(),
  provider: z.string().min(1).max(64).optional(),
  event_type: z.string().min(1).max(256).optional(),
  error: z.string().min(1).max(256).optional(),
  /** ISO-8601, or 30m, 2h, 7d back from now. */
  since: z.string().min(1).max(64).optional(),
  route_id: z.string().min(1).max(128).optional(),
});

/** The most messages one confirmed change names (a preview of more asks to narrow the filter). */
export const MAX_SELECTED = 1000;

export const ChangeInputSchema = FilterQuerySchema.extend({
  message_ids: z.array(z.string().min(1).max(128)).min(1).max(MAX_SELECTED).optional(),
  rate: z.number().positive().max(500).default(10),
});
export type ChangeInput = z.infer<typeof ChangeInputSchema>;

/**
 * The input made exact: the tenant of a scoped caller set (another refused), a relative `since` resolved to
 * the time it means now, so that what is confirmed later is what was previewed.
 */
export const normalisedInput = <T extends z.infer<typeof FilterQuerySchema>>(
  principal: Principal,
  input: T,
  now: Date,
): T => {
  const tenant = scopedTenant(principal, input.tenant_id);
  let since = input.since;
  if (since !== undefined) {
    const at = parseSince(since, now);
    if (!at)
      throw new HttpProblem(400, 'bad_request', `since: "${since}" is neither ISO-8601 nor like 30m, 2h, 7d`);
    since = at.toISOString();
  }
  return { ...input, tenant_id: tenant, since };
};

/** The use cases' filter of a normalised input. */
export const filterOfInput = (
  input: z.infer<typeof FilterQuerySchema> & { message_ids?: string[] },
): DlqFilter => ({
  ...(input.tenant_id !== undefined ? { tenantId: input.tenant_id } : {}),
  ...(input.provider !== undefined ? { provider: input.provider } : {}),
  ...(input.event_type !== undefined ? { eventType: input.event_type } : {}),
  ...(input.error !== undefined ? { error: input.error } : {}),
  ...(input.since !== undefined ? { since: new Date(input.since) } : {}),
  ...(input.route_id !== undefined ? { routeId: input.route_id } : {}),
  ...(input.message_ids !== undefined ? { messageIds: input.message_ids } : {}),
});
