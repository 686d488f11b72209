import type { Clock } from '../kernel/clock.ts';
import {
  AGE_METRIC_LOOKBACK_MINUTES,
  type OldestMessageAge,
  oldestAgeFromMetric,
  oldestAgeFromQueue,
  oldestAgeUnavailable,
  type QueueDepth,
} from './dlq-age.ts';
import { DLQ_ALIASES, depthOf, type ResolvedQueue, resolveQueue } from './dlq-queues.ts';
import { NotFoundError, NotInLocalModeError } from './errors.ts';
import type { DlqPorts } from './ports.ts';
import type { DlqListOutput } from './schemas.ts';

// `dlq list`: every DLQ at a glance; changes nothing.

interface ListedQueue {
  readonly alias: string;
  readonly queue: ResolvedQueue;
  readonly depth: QueueDepth;
}

/** Each queue's oldest-message age: one metrics call for all of them on a stage, a peek per queue locally. */
const agesOf = async (
  ports: DlqPorts,
  listed: readonly ListedQueue[],
  clock: Clock,
): Promise<OldestMessageAge[]> => {
  if (ports.local) {
    const ages: OldestMessageAge[] = [];
    for (const { queue, depth } of listed) {
      const options = { depth, now: clock, emptyReceivesToStop: ports.emptyReceivesToStop };
      ages.push(await oldestAgeFromQueue(ports.queues, queue.url, options));
    }
    return ages;
  }
  try {
    const metrics = await ports.queueAgeMetrics();
    const readings = metrics
      ? await metrics.oldestMessageAges(
          listed.map(({ queue }) => queue.name),
          { now: new Date(clock()), lookbackMinutes: AGE_METRIC_LOOKBACK_MINUTES },
        )
      : new Map();
    return listed.map(({ queue, depth }) => oldestAgeFromMetric(readings.get(queue.name), depth));
  } catch (error) {
    // The rest of the listing is still worth having without the ages.
    return listed.map(({ depth }) => oldestAgeUnavailable((error as Error).message, depth));
  }
};

/** Resolves every DLQ alias; the ones the target lacks are returned apart, with why. */
const resolveAll = async (ports: DlqPorts) => {
  const listed: ListedQueue[] = [];
  const missing: DlqListOutput['missing'] = [];
  for (const alias of DLQ_ALIASES) {
    try {
      const queue = await resolveQueue(ports, alias);
      listed.push({ alias, queue, depth: await depthOf(ports, queue.url) });
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const why = error instanceof NotInLocalModeError ? 'not_in_local_mode' : 'not_found';
      missing.push({ alias, reason: error.message, why });
    }
  }
  return { listed, missing };
};

/** The DLQs of the target with depth, oldest-message age, source queues and running move tasks. */
export const listDlqs = async (ports: DlqPorts, clock: Clock = Date.now): Promise<DlqListOutput> => {
  const { listed, missing } = await resolveAll(ports);
  const ages = await agesOf(ports, listed, clock);
  const queues: DlqListOutput['queues'] = [];
  for (const [index, { alias, queue, depth }] of listed.entries()) {
    const sources = await ports.queues.sourceQueues(queue.url);
    const tasks = await ports.queues.moveTasks(queue.arn).catch(() => []);
    const age = ages[index]!;
    queues.push({
      alias,
      name: queue.name,
      url: queue.url,
      arn: queue.arn,
      depth: depth.visible,
      in_flight: depth.inFlight,
      oldest_age_seconds: age.seconds,
      age_source: age.source,
      age_note: age.note,
      source_queues: sources.map((url) => url.split('/').at(-1) ?? url),
      move_tasks: tasks.filter((task) => task.status === 'RUNNING' || task.status === 'CANCELLING'),
    });
  }
  return { target: ports.target.label, queues, missing };
};
