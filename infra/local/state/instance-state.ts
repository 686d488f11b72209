import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as z from 'zod';
import { STATE_ENTRIES, statePath } from './state-dir.ts';

/**
 * One local instance's state folder across restarts. Opening it says how this start begins: `first` (nothing
 * there yet), `fresh` (asked for with `--fresh`: the previous state is removed and the demo data applied again)
 * or `resumed` (the previous run's tenants, delivery log, dead letters, objects, mail and secrets are kept).
 * The manifest records which process holds the folder, so a second instance pointed at it is refused.
 */

export type StateStart = 'first' | 'fresh' | 'resumed';

const ManifestSchema = z.looseObject({
  version: z.literal(1),
  /** The process running the instance; null once it stopped cleanly. */
  pid: z.number().int().nullable(),
  startedAt: z.string(),
  stoppedAt: z.string().nullable().optional(),
  /** A hash of the tenant file applied at start (as localized to this instance's ports). */
  tenantsFileHash: z.string().nullable().optional(),
});
export type InstanceManifest = z.infer<typeof ManifestSchema>;

/** Another live process runs an instance on this folder. */
export class StateDirInUseError extends Error {
  public override readonly name = 'StateDirInUseError';
}

export interface InstanceState {
  readonly dir: string;
  readonly start: StateStart;
  /** The manifest the previous run left (null on a first or fresh start). */
  readonly previous: InstanceManifest | null;
  path(entry: keyof typeof STATE_ENTRIES): string;
  /** Records facts about this run in the manifest. */
  note(patch: Partial<Omit<InstanceManifest, 'version'>>): Promise<void>;
  /** Marks the folder free again (a clean stop). */
  release(): Promise<void>;
}

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

const readManifest = async (path: string): Promise<InstanceManifest | null> => {
  try {
    const parsed = ManifestSchema.safeParse(JSON.parse(await readFile(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
};

const writeManifest = async (path: string, manifest: InstanceManifest): Promise<void> => {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(temporary, path);
};

export interface OpenStateOptions {
  /** Begin again from the demo data: remove what the folder holds of a previous run. */
  readonly fresh: boolean;
  readonly now?: () => Date;
}

/** Opens (and claims) an instance folder; rejects with `StateDirInUseError` when a live process holds it. */
export const openInstanceState = async (dir: string, options: OpenStateOptions): Promise<InstanceState> => {
  const now = options.now ?? (() => new Date());
  await mkdir(dir, { recursive: true });
  const manifestPath = statePath(dir, 'manifest');
  const found = await readManifest(manifestPath);
  if (found?.pid != null && found.pid !== process.pid && isAlive(found.pid)) {
    throw new StateDirInUseError(
      `${dir} is in use by another local instance (pid ${found.pid}); stop it first, or give this one its own ` +
        'PORT or LOCAL_STATE_DIR',
    );
  }
  if (options.fresh) {
    // Only what local mode itself keeps here: a LOCAL_STATE_DIR may be a folder with other things in it.
    for (const entry of Object.keys(STATE_ENTRIES) as (keyof typeof STATE_ENTRIES)[]) {
      await rm(statePath(dir, entry), { recursive: true, force: true });
    }
  }
  const hasData = existsSync(statePath(dir, 'dynamodb'));
  const start: StateStart = hasData ? 'resumed' : options.fresh ? 'fresh' : 'first';
  let manifest: InstanceManifest = {
    ...(start === 'resumed' && found ? found : {}),
    version: 1,
    pid: process.pid,
    startedAt: now().toISOString(),
    stoppedAt: null,
  };
  await writeManifest(manifestPath, manifest);
  return {
    dir,
    start,
    previous: start === 'resumed' ? found : null,
    path: (entry) => statePath(dir, entry),
    note: async (patch) => {
      manifest = { ...manifest, ...patch };
      await writeManifest(manifestPath, manifest);
    },
    release: async () => {
      manifest = { ...manifest, pid: null, stoppedAt: now().toISOString() };
      await writeManifest(manifestPath, manifest);
    },
  };
};
