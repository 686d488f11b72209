import * as z from 'zod';
import { CountsSchema } from '../schemas.ts';

/** The `--json` outputs of `ops endpoints …` (and the console's endpoint routes): scripts validate against these. */

export const EndpointStatusSchema = z.enum(['healthy', 'failing', 'disabled']);

export const EndpointHealthSchema = z.object({
  tenant_id: z.string(),
  route_id: z.string(),
  status: EndpointStatusSchema,
  failing_since: z.string().nullable(),
  consecutive_failures: z.number().int().nonnegative(),
  last_error: z.string().nullable(),
  last_failure_at: z.string().nullable(),
  last_success_at: z.string().nullable(),
  disabled_at: z.string().nullable(),
  disabled_reason: z.enum(['automatic', 'gone', 'manual']).nullable(),
  updated_at: z.string(),
});

export const EndpointListOutputSchema = z.object({
  target: z.string(),
  filter: z.record(z.string(), z.string()),
  endpoints: z.array(EndpointHealthSchema.extend({ held: z.number().int().nonnegative() })),
});
export type EndpointListOutput = z.infer<typeof EndpointListOutputSchema>;

const HeldSummarySchema = z.object({
  delivery_id: z.string(),
  event_id: z.string(),
  received_at: z.string(),
  held_at: z.string(),
});

export const RecentAttemptSchema = z.object({
  event_id: z.string(),
  received_at: z.string(),
  status: z.string(),
  attempts: z.number().int().nonnegative(),
  last_status: z.number().int().nullable(),
  last_latency_ms: z.number().nullable(),
  error: z.string().nullable(),
  updated_at: z.string(),
  next_attempt_at: z.string().nullable(),
});
export type RecentAttempt = z.infer<typeof RecentAttemptSchema>;

export const EndpointShowOutputSchema = z.object({
  target: z.string(),
  /** False when the destination has no record yet: it never failed, so it is healthy. */
  recorded: z.boolean(),
  health: EndpointHealthSchema,
  held: z.object({ count: z.number().int().nonnegative(), oldest: HeldSummarySchema.nullable() }),
  recent_attempts: z.array(RecentAttemptSchema),
});
export type EndpointShowOutput = z.infer<typeof EndpointShowOutputSchema>;

/** What an operator's change did, or would do (`dry_run`). */
export const EndpointChangeOutputSchema = z.object({
  target: z.string(),
  command: z.enum(['endpoints disable', 'endpoints enable', 'endpoints recover']),
  tenant_id: z.string(),
  route_id: z.string(),
  dry_run: z.boolean(),
  /** The status before and after; `changed` is false when the command found it as asked. */
  before: EndpointStatusSchema,
  after: EndpointStatusSchema,
  changed: z.boolean(),
  /** Held deliveries a release request is (or would be) sent for, oldest first, from `since` when given. */
  release: z
    .object({
      held: z.number().int().nonnegative(),
      since: z.string().nullable(),
      sent: z.boolean(),
      /** Why none is sent although some are held. */
      note: z.string().nullable(),
    })
    .nullable(),
  /** `recover`: the delivery DLQ's messages of this destination failed since then, redriven (or would be). */
  dead_letters: z
    .object({
      queue: z.string(),
      outcome: z.enum(['completed', 'interrupted', 'failed', 'dry_run']),
      counts: CountsSchema,
      would_move: z.array(z.object({ message_id: z.string(), event_id: z.string().nullable() })),
      errors: z.array(z.string()),
    })
    .nullable(),
  notifications: z.array(z.string()),
  audit_id: z.string().nullable(),
});
export type EndpointChangeOutput = z.infer<typeof EndpointChangeOutputSchema>;
