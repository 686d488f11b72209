import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DEMO_SECRETS_FILE, ensureWorkingSecretsFile } from '../local-secrets.ts';
import type { LocalQueueUrls } from '../sqs.ts';
import { type InstanceState, openInstanceState, type StateStart } from './instance-state.ts';
import { restoreMailbox, saveMailbox } from './mailbox-snapshot.ts';
import { type QueueCounts, restoreQueues, saveQueues } from './queue-snapshot.ts';

/**
 * What startLocal keeps where. With a state folder (what `npm start` gives: `.local/instance-<PORT>`), the
 * instance's data survives a restart: DynamoDB (dynalite on LevelDB), the object store, the secrets file, and,
 * saved at a clean stop, the queues' messages and the SES mailbox. Without one (tests, benches) everything is
 * in memory and the secrets working copy sits in a temporary folder removed at stop.
 */

export interface PlatformStateOptions {
  readonly stateDir?: string;
  readonly fresh?: boolean;
  /** A secrets file to serve as it is; the committed demo file only seeds a working copy. */
  readonly secretsFile?: string;
}

export interface PlatformState {
  /** The state folder, or null when nothing is kept. */
  readonly dir: string | null;
  /** How this start began; `ephemeral` when nothing is kept. */
  readonly start: StateStart | 'ephemeral';
  /** The one secrets file the receiver, worker, sync and `ops --local` read and write. */
  readonly secretsFile: string;
  /** Where the sync's augmented tenant file goes. */
  readonly syncDir: string;
  /** dynalite's LevelDB folder; undefined keeps DynamoDB in memory. */
  readonly dynamoPath: string | undefined;
  /** The object store's folder; undefined keeps objects in memory. */
  readonly objectsDir: string | undefined;
  /** The tenant file hash the previous run applied (resumed starts only). */
  readonly previousTenantsHash: string | null;
  noteTenantsHash(hash: string): Promise<void>;
  /** Sends the saved messages again and puts the saved mail back (a resumed start). */
  restore(sqs: { endpoint: string; region: string; urls: LocalQueueUrls }): Promise<RestoredState>;
  /** Saves the queues and mailbox and frees the folder; runs after the consumers stopped. */
  persist(sqs: { endpoint: string; region: string; urls: LocalQueueUrls }): Promise<string | null>;
  /** Removes what an ephemeral platform wrote. */
  cleanup(): Promise<void>;
}

export interface RestoredState {
  readonly queues: QueueCounts | null;
  readonly mails: number;
}

const isDemoFile = (path: string): boolean => resolve(path) === DEMO_SECRETS_FILE;

const keptLine = (
  dir: string,
  kept: QueueCounts,
  notKept: { delayed: number; inFlight: number },
  mails: number,
) => {
  const dead = (kept.inboundDlq ?? 0) + (kept.deliveryDlq ?? 0);
  const queued = (kept.inbound ?? 0) + (kept.delivery ?? 0);
  const lost = notKept.delayed + notKept.inFlight;
  return (
    `state kept in ${dir}: ${dead} dead letter(s), ${queued} queued message(s), ${mails} mail(s)` +
    (lost > 0
      ? `; ${lost} delayed or in-flight message(s) could not be kept (SQS hands them out only later)`
      : '')
  );
};

export const openPlatformState = async (options: PlatformStateOptions): Promise<PlatformState> => {
  const explicit = options.secretsFile !== undefined && !isDemoFile(options.secretsFile);
  if (options.stateDir === undefined) {
    const dir = await mkdtemp(join(tmpdir(), 'tsunagi-local-'));
    const secretsFile = explicit ? options.secretsFile! : ensureWorkingSecretsFile(join(dir, 'secrets.json'));
    return {
      dir: null,
      start: 'ephemeral',
      secretsFile,
      syncDir: join(dir, 'sync'),
      dynamoPath: undefined,
      objectsDir: undefined,
      previousTenantsHash: null,
      noteTenantsHash: async () => undefined,
      restore: async () => ({ queues: null, mails: 0 }),
      persist: async () => null,
      cleanup: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const state: InstanceState = await openInstanceState(options.stateDir, { fresh: options.fresh ?? false });
  const secretsFile = explicit ? options.secretsFile! : ensureWorkingSecretsFile(state.path('secrets'));
  return {
    dir: state.dir,
    start: state.start,
    secretsFile,
    syncDir: state.path('sync'),
    dynamoPath: state.path('dynamodb'),
    objectsDir: state.path('objects'),
    previousTenantsHash: state.previous?.tenantsFileHash ?? null,
    noteTenantsHash: (hash) => state.note({ tenantsFileHash: hash }),
    restore: async (sqs) => {
      if (state.start !== 'resumed') return { queues: null, mails: 0 };
      const queues = await restoreQueues(sqs.endpoint, sqs.region, sqs.urls, state.path('queues'));
      const mails = await restoreMailbox(state.path('mailbox'));
      return { queues, mails };
    },
    persist: async (sqs) => {
      const saved = await saveQueues(sqs.endpoint, sqs.region, sqs.urls, state.path('queues'));
      const mails = await saveMailbox(state.path('mailbox'));
      await state.release();
      return keptLine(state.dir, saved.kept, saved.notKept, mails);
    },
    cleanup: async () => undefined,
  };
};
