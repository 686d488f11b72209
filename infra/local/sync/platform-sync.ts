import { STAGES } from '../../config/stages.ts';
import { type FakeVendors, type FakeVendorsOptions, startFakeVendors } from '../vendors/index.ts';
import {
  createLocalSyncRunner,
  LOCAL_SYNC_VENDORS_PORT,
  type LocalSyncEndpoints,
  type LocalSyncRunner,
  type LocalSyncRunnerOptions,
  type LocalSyncStart,
} from './local-sync.ts';
import { type SyncSchedule, startSyncSchedule } from './schedule.ts';
import { seedLocalSync } from './seed.ts';

/**
 * The sync pieces of `npm start`: the fake vendors on fixed ports (so `ops sync run --local` in another
 * terminal reaches the same ones), the runner, and the daily schedule. Started by startLocal when `sync` is on.
 */

export interface SyncVendorsOptions {
  /** Slack's port (Graph +1, LINE WORKS +2); 0 picks free ones. Default 9340. */
  readonly vendorsPort?: number;
  readonly host?: string;
  /** Seed, time scale and the rest of the fake vendors' settings. */
  readonly vendors?: Omit<FakeVendorsOptions, 'port' | 'host'>;
  /** Where the augmented tenant file goes (startLocal gives `sync/` in the instance's state folder). */
  readonly stateDir: string;
  /** The tenant file local mode applies; null for none. */
  readonly tenantsFile: string | null;
  /** The instance's secrets file, which the seeded integration credentials are written into. */
  readonly secretsFile: string;
  readonly secretPrefix: string;
  /**
   * Give each demo tenant an integration per chat system (Slack, Teams, LINE WORKS) in the tenant file applied.
   * Default false: the tenant data stays exactly what the file declares, and only declared integrations sync.
   */
  readonly seedIntegrations?: boolean;
}

export interface SyncVendors {
  readonly vendors: FakeVendors;
  /** The tenant file to apply instead (with an integration per system for the seeded tenants). */
  readonly tenantsFile: string | null;
  /** sync-step's LOCAL_SECRETS_FILE: the instance's secrets file. */
  readonly credentialsFile: string;
  stop(): Promise<void>;
}

/** Before the tenant file is applied: the fake vendors and the seed that points the demo tenants at them. */
export const startSyncVendors = async (options: SyncVendorsOptions): Promise<SyncVendors> => {
  const port = options.vendorsPort ?? LOCAL_SYNC_VENDORS_PORT;
  const vendors = await startFakeVendors({ ...options.vendors, port, host: options.host });
  const stop = () => vendors.stop();
  try {
    const seeded = await seedLocalSync({
      vendors,
      tenantsFile: options.tenantsFile,
      secretsFile: options.secretsFile,
      secretPrefix: options.secretPrefix,
      stateDir: options.stateDir,
      addIntegrations: options.seedIntegrations ?? false,
    });
    return { vendors, ...seeded, stop };
  } catch (error) {
    await stop();
    throw error;
  }
};

export interface StartLocalSyncOptions {
  readonly vendors: SyncVendors;
  readonly endpoints: Omit<LocalSyncEndpoints, 'vendors' | 'secretsFile'>;
  /** Do not schedule (tests fire by hand). */
  readonly schedulePaused?: boolean;
  readonly runner?: Omit<LocalSyncRunnerOptions, 'endpoints'>;
  readonly log?: (line: string) => void;
}

export interface LocalSync {
  readonly vendors: FakeVendors;
  readonly runner: LocalSyncRunner;
  readonly schedule: SyncSchedule;
  readonly endpoints: LocalSyncEndpoints;
  stop(): Promise<void>;
}

/** After the tenants are applied: the runner and the daily schedule (the vendors are stopped on their own). */
export const startLocalSync = async (options: StartLocalSyncOptions): Promise<LocalSync> => {
  const log = options.log ?? (() => undefined);
  const { vendors } = options.vendors;
  const endpoints: LocalSyncEndpoints = {
    ...options.endpoints,
    secretsFile: options.vendors.credentialsFile,
    vendors: vendors.urls,
  };
  const runner = await createLocalSyncRunner({ ...options.runner, endpoints });
  // The deployed schedule's time and zone (06:00 Asia/Tokyo), the same for every stage.
  const { hour, minute, timeZone } = STAGES.dev.sync.schedule;
  const schedule = startSyncSchedule({
    hour,
    minute,
    timeZone: timeZone.timezoneName,
    paused: options.schedulePaused,
    log,
    start: async (runId): Promise<LocalSyncStart> => {
      // As the deployed schedule does: only the run id (the scheduled time); the plan fills in the rest.
      const started = await runner.start({
        run_id: runId,
        dry_run: false,
        force_refresh: false,
        batch_size: 100,
      });
      if (started.started) {
        started.done.then(
          (result) =>
            log(
              `daily sync: run ${runId} ${result.status}: ${JSON.stringify(result.output ?? result.error)}`,
            ),
          (error: unknown) => log(`daily sync: run ${runId} failed: ${String(error)}`),
        );
      }
      return started;
    },
  });
  return {
    vendors,
    runner,
    schedule,
    endpoints,
    stop: async () => {
      schedule.stop();
      runner.destroy();
    },
  };
};
