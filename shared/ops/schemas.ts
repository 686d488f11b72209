import * as z from 'zod';

/** The `--json` outputs of `ops dlq …` and `ops audit list`: scripts (and the tests) validate against these. */

const FailureSchema = z.object({
  code: z.string(),
  message: z.string(),
  attempts: z.number(),
  last_status: z.number().nullable(),
  failed_at: z.string(),
});

export const MoveTaskSchema = z.object({
  task_handle: z.string().nullable(),
  status: z.string(),
  source_arn: z.string().nullable(),
  destination_arn: z.string().nullable(),
  max_per_second: z.number().nullable(),
  moved: z.number(),
  to_move: z.number().nullable(),
  started_at: z.string().nullable(),
  failure_reason: z.string().nullable(),
});
export type MoveTask = z.infer<typeof MoveTaskSchema>;

export const DlqListOutputSchema = z.object({
  target: z.string(),
  queues: z.array(
    z.object({
      alias: z.string(),
      name: z.string(),
      url: z.string(),
      arn: z.string(),
      depth: z.number(),
      in_flight: z.number(),
      /** Age of the oldest message in seconds; null when unknown or the queue is empty (see `age_note`). */
      oldest_age_seconds: z.number().nullable(),
      /**
       * `cloudwatch`: the ApproximateAgeOfOldestMessage metric (time in the DLQ). `all_messages` / `sampled`
       * (local mode): the oldest SentTimestamp of every message / of those a peek could read, a lower bound.
       */
      age_source: z.enum(['cloudwatch', 'all_messages', 'sampled']).nullable(),
      age_note: z.string().nullable(),
      source_queues: z.array(z.string()),
      move_tasks: z.array(MoveTaskSchema),
    }),
  ),
  /** DLQs the target does not have: absent (not found), or not part of local mode (not a failure). */
  missing: z.array(
    z.object({ alias: z.string(), reason: z.string(), why: z.enum(['not_found', 'not_in_local_mode']) }),
  ),
});
export type DlqListOutput = z.infer<typeof DlqListOutputSchema>;

export const DecodedMessageSchema = z.object({
  message_id: z.string(),
  kind: z.enum(['envelope', 'delivery', 'unknown']),
  event_id: z.string().nullable(),
  tenant_id: z.string().nullable(),
  provider: z.string().nullable(),
  event_type: z.string().nullable(),
  route_id: z.string().nullable(),
  delivery_id: z.string().nullable(),
  sent_at: z.string().nullable(),
  receive_count: z.number().nullable(),
  source_queue_arn: z.string().nullable(),
  attributes: z.record(z.string(), z.string()),
  failure: FailureSchema.nullable(),
  failure_source: z.enum(['attributes', 'delivery_log']).nullable(),
});

const FilterSchema = z.record(z.string(), z.string());

export const DlqPeekOutputSchema = z.object({
  target: z.string(),
  queue: z.string(),
  filter: FilterSchema,
  scanned: z.number(),
  messages: z.array(DecodedMessageSchema.extend({ body: z.unknown() })),
});
export type DlqPeekOutput = z.infer<typeof DlqPeekOutputSchema>;

export const CountsSchema = z.object({
  matched: z.number(),
  moved: z.number(),
  skipped: z.number(),
  failed: z.number(),
});
export type MoveCounts = z.infer<typeof CountsSchema>;

export const DlqRedriveOutputSchema = z.object({
  target: z.string(),
  queue: z.string(),
  destination: z.string(),
  mode: z.enum(['move_task', 'filtered']),
  dry_run: z.boolean(),
  rate_per_second: z.number(),
  filter: FilterSchema,
  counts: CountsSchema,
  outcome: z.enum(['completed', 'interrupted', 'failed', 'cancelled', 'dry_run']),
  /** For the move-task path. */
  task: MoveTaskSchema.nullable(),
  /** Filtered dry-run: the messages that would move (ids and keys only). */
  would_move: z.array(z.object({ message_id: z.string(), event_id: z.string().nullable() })),
  elapsed_ms: z.number(),
  audit_id: z.string().nullable(),
});
export type DlqRedriveOutput = z.infer<typeof DlqRedriveOutputSchema>;

export const DlqArchiveOutputSchema = z.object({
  target: z.string(),
  queue: z.string(),
  file: z.string().nullable(),
  dry_run: z.boolean(),
  filter: FilterSchema,
  counts: CountsSchema,
  outcome: z.enum(['completed', 'interrupted', 'failed', 'dry_run']),
  audit_id: z.string().nullable(),
});
export type DlqArchiveOutput = z.infer<typeof DlqArchiveOutputSchema>;

export const DlqStatusOutputSchema = z.object({
  target: z.string(),
  queue: z.string(),
  tasks: z.array(MoveTaskSchema),
});
export type DlqStatusOutput = z.infer<typeof DlqStatusOutputSchema>;

export const DlqCancelOutputSchema = z.object({
  target: z.string(),
  queue: z.string(),
  dry_run: z.boolean(),
  cancelled: MoveTaskSchema.nullable(),
  moved_before_cancel: z.number().nullable(),
  audit_id: z.string().nullable(),
});
export type DlqCancelOutput = z.infer<typeof DlqCancelOutputSchema>;

export const AuditRecordSchema = z.object({
  id: z.string(),
  at: z.string(),
  who: z.string(),
  stage: z.string(),
  command: z.enum([
    'dlq redrive',
    'dlq archive',
    'dlq cancel',
    'dlq purge',
    'endpoints disable',
    'endpoints enable',
    'endpoints recover',
  ]),
  queue: z.string(),
  filters: FilterSchema,
  counts: z.record(z.string(), z.number()),
  outcome: z.string(),
  detail: z.record(z.string(), z.string()),
});
export type AuditRecord = z.infer<typeof AuditRecordSchema>;

export const AuditListOutputSchema = z.object({
  target: z.string(),
  since: z.string().nullable(),
  records: z.array(AuditRecordSchema),
});
export type AuditListOutput = z.infer<typeof AuditListOutputSchema>;
