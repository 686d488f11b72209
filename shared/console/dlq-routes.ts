import * as z from 'zod';
import { planArchive, runArchive } from '../ops/dlq-archive.ts';
import { listDlqs } from '../ops/dlq-list.ts';
import { peekDlq } from '../ops/dlq-peek.ts';
import { DLQ_ALIASES } from '../ops/dlq-queues.ts';
import { planRedrive, runRedrive } from '../ops/dlq-redrive.ts';
import { cancelMoveTask, moveTaskStatus, planCancel } from '../ops/dlq-tasks.ts';
import type { DlqPorts } from '../ops/ports.ts';
import { confirmationOf, requireConfirmation } from './confirmation.ts';
import {
  type ChangeInput,
  ChangeInputSchema,
  FilterQuerySchema,
  filterOfInput,
  MAX_SELECTED,
  normalisedInput,
} from './dlq-input.ts';
import { bodyOf, json } from './http.ts';
import { auditName } from './principal.ts';
import { LimitSchema, queryOf, type Route, type RouteContext, requireAllTenants } from './route.ts';

// DLQs: list, peek, and the changes (redrive, archive, cancel), each previewed first and then confirmed.

const QueueSchema = z.enum(DLQ_ALIASES);

/** The DLQ use cases' ports, acting as the signed-in person. */
const dlqPorts = ({ ports, principal }: RouteContext): DlqPorts => ({
  ...ports.dlq,
  who: async () => auditName(principal),
});

const list: Route = {
  method: 'GET',
  pattern: '/api/dlqs',
  change: false,
  run: async (context) => {
    const output = await listDlqs(dlqPorts(context), context.ports.clock);
    if (context.principal.tenant === null) return json(200, { ...output, scoped: false });
    // Depths and move tasks count every tenant's messages: a scoped caller peeks their own instead.
    const queues = output.queues.map((queue) => ({
      alias: queue.alias,
      name: queue.name,
      depth: null,
      in_flight: null,
      oldest_age_seconds: null,
      age_source: null,
      age_note: 'hidden: your access is limited to one tenant; peek shows its messages',
      source_queues: queue.source_queues,
      move_tasks: [],
    }));
    return json(200, { target: output.target, queues, missing: output.missing, scoped: true });
  },
};

const peek: Route = {
  method: 'GET',
  pattern: '/api/dlqs/:queue/messages',
  change: false,
  run: async (context) => {
    const queue = QueueSchema.parse(context.params.queue);
    const query = queryOf(context, FilterQuerySchema.extend({ limit: LimitSchema }));
    const input = normalisedInput(context.principal, query, new Date(context.ports.clock()));
    const output = await peekDlq(dlqPorts(context), {
      queue,
      filter: filterOfInput(input),
      limit: query.limit,
    });
    return json(200, { ...output, items: output.messages, messages: undefined, next: null });
  },
};

/** The exact input of a change: the normalised body without the confirmation token. */
const changeInput = (context: RouteContext) => {
  const body = bodyOf(context.request) as Record<string, unknown>;
  const { confirmation, ...rest } = z
    .object({ confirmation: z.string().max(512).optional() })
    .loose()
    .parse(body);
  const parsed = ChangeInputSchema.strict().parse(rest);
  const input = normalisedInput(context.principal, parsed, new Date(context.ports.clock()));
  return { input, token: confirmation };
};

/** A signal that aborts after the chunk's time budget (or at once, for a move task that is followed apart). */
const chunkSignal = (ms: number): AbortSignal => AbortSignal.timeout(Math.max(1, ms));

const redriveInput = (queue: string, input: ReturnType<typeof changeInput>['input'], dryRun: boolean) => ({
  queue,
  filter: filterOfInput(input),
  ratePerSecond: input.rate,
  dryRun,
});

/**
 * The ids a change is confirmed for: the messages a peek with the input's filter lists now. A redrive of a
 * whole queue goes the same way (send, then delete each listed message), never through an SQS move task:
 * what runs is exactly what was previewed, with progress, and its audit record tells how it ended.
 */
const previewedIds = async (ports: DlqPorts, queue: string, input: ChangeInput) => {
  if (input.message_ids !== undefined) return input.message_ids;
  const peeked = await peekDlq(ports, { queue, filter: filterOfInput(input), limit: MAX_SELECTED });
  return peeked.messages.map((m) => m.message_id);
};

const redrivePreview: Route = {
  method: 'POST',
  pattern: '/api/dlqs/:queue/redrive/preview',
  change: true,
  run: async (context) => {
    const queue = QueueSchema.parse(context.params.queue);
    const { input } = changeInput(context);
    const ports = dlqPorts(context);
    const ids = await previewedIds(ports, queue, input);
    const exact = { ...input, message_ids: ids };
    const plan = await planRedrive(ports, redriveInput(queue, exact, true));
    const { output } = await runRedrive(ports, plan);
    // Confirmed for exactly the messages previewed: what fails again and comes back to the DLQ while the
    // redrive runs (a new message) is not moved a second time.
    const confirmed = { ...input, message_ids: output.would_move.map((m) => m.message_id) };
    const confirm =
      confirmed.message_ids.length === 0 ? {} : confirmationOf(context, `dlq redrive ${queue}`, confirmed);
    return json(200, { ...output, ...confirm, truncated: ids.length >= MAX_SELECTED });
  },
};

const redrive: Route = {
  method: 'POST',
  pattern: '/api/dlqs/:queue/redrive',
  change: true,
  run: async (context) => {
    const queue = QueueSchema.parse(context.params.queue);
    const { input, token } = changeInput(context);
    requireConfirmation(context, `dlq redrive ${queue}`, input, token);
    const ports = dlqPorts(context);
    const plan = await planRedrive(ports, redriveInput(queue, input, false));
    // A move task runs in SQS by itself: start it, then the page follows it through the tasks route.
    const budget = plan.mode === 'move_task' ? 1 : context.ports.chunkMs;
    const { output, errors } = await runRedrive(ports, plan, { signal: chunkSignal(budget) });
    const done = output.outcome !== 'interrupted';
    return json(200, { ...output, errors, done, follow: plan.mode === 'move_task' ? 'tasks' : null });
  },
};

const archivePreview: Route = {
  method: 'POST',
  pattern: '/api/dlqs/:queue/archive/preview',
  change: true,
  run: async (context) => {
    const queue = QueueSchema.parse(context.params.queue);
    const { input } = changeInput(context);
    const ports = dlqPorts(context);
    const ids = await previewedIds(ports, queue, input);
    const exact = { ...input, message_ids: ids };
    const plan = await planArchive(ports, { queue, filter: filterOfInput(exact), dryRun: true });
    const { output } = await runArchive(ports, plan, { sink: null });
    const confirm = ids.length === 0 ? {} : confirmationOf(context, `dlq archive ${queue}`, exact);
    const would_move = ids.map((message_id) => ({ message_id, event_id: null }));
    return json(200, { ...output, would_move, ...confirm, truncated: ids.length >= MAX_SELECTED });
  },
};

const archive: Route = {
  method: 'POST',
  pattern: '/api/dlqs/:queue/archive',
  change: true,
  run: async (context) => {
    const queue = QueueSchema.parse(context.params.queue);
    const { input, token } = changeInput(context);
    requireConfirmation(context, `dlq archive ${queue}`, input, token);
    const ports = dlqPorts(context);
    const plan = await planArchive(ports, { queue, filter: filterOfInput(input), dryRun: false });
    const sink = await context.ports.openArchive(plan.queue.name);
    try {
      const signal = chunkSignal(context.ports.chunkMs);
      const { output, errors } = await runArchive(ports, plan, { sink, signal });
      return json(200, { ...output, errors, done: output.outcome !== 'interrupted' });
    } finally {
      await sink.close();
    }
  },
};

const tasks: Route = {
  method: 'GET',
  pattern: '/api/dlqs/:queue/tasks',
  change: false,
  run: async (context) => {
    requireAllTenants(context.principal, 'a move task');
    const queue = QueueSchema.parse(context.params.queue);
    return json(200, await moveTaskStatus(dlqPorts(context), { queue }));
  },
};

const cancel = (dryRun: boolean): Route => ({
  method: 'POST',
  pattern: dryRun ? '/api/dlqs/:queue/tasks/cancel/preview' : '/api/dlqs/:queue/tasks/cancel',
  change: true,
  run: async (context) => {
    requireAllTenants(context.principal, 'a move task');
    const queue = QueueSchema.parse(context.params.queue);
    const body = z
      .object({ confirmation: z.string().max(512).optional() })
      .strict()
      .parse(bodyOf(context.request));
    const ports = dlqPorts(context);
    const plan = await planCancel(ports, { queue });
    const input = { queue, task_handle: plan.running.task_handle };
    if (!dryRun) requireConfirmation(context, 'dlq cancel', input, body.confirmation);
    const output = await cancelMoveTask(ports, plan, { dryRun });
    return json(200, dryRun ? { ...output, ...confirmationOf(context, 'dlq cancel', input) } : output);
  },
});

export const DLQ_ROUTES: readonly Route[] = [
  list,
  peek,
  redrivePreview,
  redrive,
  archivePreview,
  archive,
  tasks,
  cancel(true),
  cancel(false),
];
