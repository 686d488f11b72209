import * as z from 'zod';
import { ChatSystemSchema } from '../../tenants/destinations.ts';
import { SyncResultSchema, SyncTypeSchema } from '../engine/outcome.ts';

/**
 * The payloads between the tenant-sync state machine and its three Lambdas (sync-plan, sync-step,
 * sync-report). The state machine definition (infra), the functions, and the local runner all import these,
 * so a renamed field is a compile error, not a failed execution.
 */

const TenantId = z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/);

/** The spec's BATCH-403 parameters; the schedule passes only `run_id` (its scheduled time). */
export const SyncRunInputSchema = z.strictObject({
  /** Unique per run; the schedule uses the scheduled time, which also names the execution (no double runs). */
  run_id: z.string().min(1).max(80),
  tenant_id: TenantId.optional(),
  system_type: ChatSystemSchema.optional(),
  sync_type: SyncTypeSchema.optional(),
  dry_run: z.boolean().default(false),
  force_refresh: z.boolean().default(false),
  batch_size: z.int().min(1).max(100).default(100),
  started_at: z.iso.datetime().optional(),
});
export type SyncRunInput = z.infer<typeof SyncRunInputSchema>;

/** One child workflow's work: a tenant × system, with the run's options. */
export const SyncItemSchema = z.strictObject({
  run_id: z.string(),
  tenant_id: TenantId,
  system_type: ChatSystemSchema,
  sync_types: z.array(SyncTypeSchema).min(1),
  dry_run: z.boolean(),
  force_refresh: z.boolean(),
  batch_size: z.int().min(1).max(100),
});
export type SyncItem = z.infer<typeof SyncItemSchema>;

/** sync-plan's answer: the items written as JSON lines to S3 (the Distributed Map's ItemReader). */
export const SyncPlanOutputSchema = z.strictObject({
  run_id: z.string(),
  started_at: z.iso.datetime(),
  items: z.strictObject({ bucket: z.string(), key: z.string() }),
  item_count: z.int().nonnegative(),
});
export type SyncPlanOutput = z.infer<typeof SyncPlanOutputSchema>;

/** The child workflow's steps, in order; each is one invocation of sync-step. */
export const SYNC_STEPS = ['token', 'users', 'teams', 'notifications', 'history'] as const;
export const SyncStepSchema = z.enum(SYNC_STEPS);
export type SyncStep = z.infer<typeof SyncStepSchema>;

const CountsSchema = z.strictObject({
  processed: z.int().nonnegative(),
  created: z.int().nonnegative(),
  updated: z.int().nonnegative(),
  deleted: z.int().nonnegative(),
  failed: z.int().nonnegative(),
});

/** One sync type's outcome inside a child (the sync history row is built from these). */
export const StepOutcomeSchema = z.strictObject({
  sync_type: SyncTypeSchema,
  status: SyncResultSchema,
  counts: CountsSchema,
  error_message: z.string().nullable(),
  started_at: z.iso.datetime(),
  completed_at: z.iso.datetime(),
});
export type StepOutcome = z.infer<typeof StepOutcomeSchema>;

/** Carried through the child workflow from step to step (ResultPath keeps it whole). */
export const ChildStateSchema = z.strictObject({
  item: SyncItemSchema,
  outcomes: z.array(StepOutcomeSchema),
  /**
   * Set by a step that must wait longer than a Lambda should (a vendor rate-limit reset); the state machine
   * waits in a Wait state for this many seconds and re-runs the same step.
   */
  wait_seconds: z.int().nonnegative().nullable(),
  /** Set when the child cannot go on (auth revoked, token failure): later steps are skipped, history records FAILED. */
  fatal_error: z.string().nullable(),
});
export type ChildState = z.infer<typeof ChildStateSchema>;

/** sync-step's input: which step to run, on the child's state. */
export const SyncStepInputSchema = z.strictObject({ step: SyncStepSchema, state: ChildStateSchema });
export type SyncStepInput = z.infer<typeof SyncStepInputSchema>;

/** What each child returns to the Map (also what a caught failure is turned into). */
export const ChildResultSchema = z.strictObject({
  tenant_id: TenantId,
  system_type: ChatSystemSchema,
  status: SyncResultSchema,
  outcomes: z.array(StepOutcomeSchema),
  error_message: z.string().nullable(),
});
export type ChildResult = z.infer<typeof ChildResultSchema>;

/** The sync bucket's prefix the Distributed Map's ResultWriter writes under (`<prefix>/<map run id>/…`). */
export const MAP_RESULTS_PREFIX = 'map-results';

/**
 * Where the Distributed Map's ResultWriter put the children's results: its output replaces the inline array
 * (which would outgrow Step Functions' 256 KiB payload past a few hundred children). `Key` names the map run's
 * `manifest.json`, which lists the result files.
 */
export const MapResultWriterDetailsSchema = z.object({
  MapRunArn: z.string().optional(),
  ResultWriterDetails: z.object({ Bucket: z.string().min(1), Key: z.string().min(1) }),
});
export type MapResultWriterDetails = z.infer<typeof MapResultWriterDetailsSchema>;

/**
 * sync-report's input: the run and the Map's output: either every child's result inline (aws-local-stepfunctions
 * ignores the ResultWriter) or, on AWS, the ResultWriter's manifest location.
 */
export const SyncReportInputSchema = z.strictObject({
  run_id: z.string(),
  started_at: z.iso.datetime(),
  dry_run: z.boolean(),
  results: z.union([z.array(ChildResultSchema), MapResultWriterDetailsSchema]),
});
export type SyncReportInput = z.infer<typeof SyncReportInputSchema>;

/** sync-report's answer: the run's status and where its report is stored. */
export const SyncReportOutputSchema = z.strictObject({
  run_id: z.string(),
  status: SyncResultSchema,
  tenants: z.int().nonnegative(),
  failed: z.int().nonnegative(),
  partial: z.int().nonnegative(),
  emailed: z.boolean(),
});
export type SyncReportOutput = z.infer<typeof SyncReportOutputSchema>;
