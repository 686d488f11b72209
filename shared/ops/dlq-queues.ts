import { deliveryResourceNames } from '../delivery/config-names.ts';
import { syncResourceNames } from '../sync/workflow/config-names.ts';
import type { QueueDepth } from './dlq-age.ts';
import { NotFoundError, NotInLocalModeError, OpsInputError } from './errors.ts';
import { type DlqPorts, QueueNotFoundError } from './ports.ts';

/**
 * Which queue an operator means: the DLQ aliases resolved per stage (the inbound DLQ, whose deployed name is
 * generated, through its work queue's redrive policy), or a queue name as it is.
 */

/** The DLQs of a stage, by the alias operators type. */
export const DLQ_ALIASES = ['inbound-dlq', 'delivery-dlq', 'sync-schedule-dlq'] as const;
export type DlqAlias = (typeof DLQ_ALIASES)[number];

/**
 * DLQs that local mode does not have, and why. Its 06:00 schedule is a timer in the platform's own process
 * that starts the run directly: there is no scheduler that could fail to deliver, so nothing to dead-letter.
 */
export const NOT_IN_LOCAL_MODE = {
  'sync-schedule-dlq':
    'local mode starts the scheduled sync in-process, without a scheduler that dead-letters',
} as const satisfies Partial<Record<DlqAlias, string>>;

export interface ResolvedQueue {
  readonly alias: string;
  readonly name: string;
  readonly url: string;
  readonly arn: string;
}

const queueNameOfArn = (arn: string): string => arn.split(':').at(-1) ?? arn;

const byName = async (ports: DlqPorts, alias: string, name: string): Promise<ResolvedQueue> => {
  const url = await ports.queues.queueUrl(name);
  const arn = (await ports.queues.attributes(url)).QueueArn ?? '';
  return { alias, name, url, arn };
};

const inboundDlq = async (ports: DlqPorts, alias: string): Promise<ResolvedQueue> => {
  const inbound = `tsunagi-${ports.target.stage}-inbound`;
  const policy = (await ports.queues.attributes(await ports.queues.queueUrl(inbound))).RedrivePolicy;
  const arn = policy ? (JSON.parse(policy) as { deadLetterTargetArn?: string }).deadLetterTargetArn : '';
  if (!arn) throw new QueueNotFoundError(`${inbound} has no redrive policy`);
  return byName(ports, alias, queueNameOfArn(arn));
};

const resolveByAlias = (ports: DlqPorts, nameOrAlias: string): Promise<ResolvedQueue> => {
  const { stage } = ports.target;
  const names = deliveryResourceNames(stage);
  switch (nameOrAlias) {
    case 'inbound-dlq':
      return inboundDlq(ports, nameOrAlias);
    case 'delivery-dlq':
      return byName(ports, nameOrAlias, names.deliveryDlq);
    case 'sync-schedule-dlq':
      return byName(ports, nameOrAlias, syncResourceNames(stage).scheduleDlq);
    case 'inbound':
      return byName(ports, nameOrAlias, `tsunagi-${stage}-inbound`);
    case 'delivery':
      return byName(ports, nameOrAlias, names.deliveryQueue);
    default:
      return byName(ports, nameOrAlias, nameOrAlias);
  }
};

/** Resolves an alias or a queue name; throws `NotFoundError` (`NotInLocalModeError` for what local mode lacks). */
export const resolveQueue = async (ports: DlqPorts, nameOrAlias: string): Promise<ResolvedQueue> => {
  if (ports.local && Object.hasOwn(NOT_IN_LOCAL_MODE, nameOrAlias)) {
    const why = NOT_IN_LOCAL_MODE[nameOrAlias as keyof typeof NOT_IN_LOCAL_MODE];
    throw new NotInLocalModeError(
      `${ports.target.label}: "${nameOrAlias}" is not part of local mode (${why})`,
    );
  }
  try {
    return await resolveByAlias(ports, nameOrAlias);
  } catch (error) {
    if (!(error instanceof QueueNotFoundError)) throw error;
    throw new NotFoundError(`${ports.target.label}: queue "${nameOrAlias}" not found (${error.message})`, {
      cause: error,
    });
  }
};

/** Messages visible and in flight, as the queue's attributes count them. */
export const depthOf = async (ports: DlqPorts, url: string): Promise<QueueDepth> => {
  const attributes = await ports.queues.attributes(url);
  return {
    visible: Number(attributes.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(attributes.ApproximateNumberOfMessagesNotVisible ?? 0),
  };
};

/** Where a redrive goes back to: `to` when given, else the only queue whose redrive policy names this DLQ. */
export const sourceOf = async (
  ports: DlqPorts,
  queue: ResolvedQueue,
  to: string | undefined,
): Promise<ResolvedQueue> => {
  if (to !== undefined) return resolveQueue(ports, to);
  const sources = await ports.queues.sourceQueues(queue.url);
  if (sources.length !== 1) {
    throw new OpsInputError(
      `${queue.name} has ${sources.length} source queues (${sources.join(', ') || 'none'}): say where with --to <queue>`,
    );
  }
  return resolveQueue(ports, sources[0]!.split('/').at(-1)!);
};
