import { Cron } from 'croner';

/**
 * Local mode's EventBridge Scheduler: a croner job at the deployed schedule's wall-clock time in its time zone
 * (06:00 Asia/Tokyo), which starts a run whose id is the scheduled time, as the deployed schedule passes
 * `<aws.scheduler.scheduled-time>`. A second start for the same time is refused by `start` (the execution
 * name record, executions.ts), so a repeated fire cannot sync twice.
 */

export interface ScheduleSettings {
  readonly hour: number;
  readonly minute: number;
  /** IANA zone, e.g. Asia/Tokyo. */
  readonly timeZone: string;
}

export type ScheduledStart =
  | { readonly started: true; readonly runId: string; readonly done: Promise<unknown> }
  | { readonly started: false; readonly runId: string; readonly reason: string };

export interface SyncScheduleOptions extends ScheduleSettings {
  /**
   * Starts a run (claims the run id, then runs in the background); resolves once claimed or refused.
   * Rejects only for unexpected failures.
   */
  readonly start: (runId: string) => Promise<ScheduledStart>;
  readonly log?: (line: string) => void;
  /** Do not schedule (tests fire by hand). Default false. */
  readonly paused?: boolean;
}

export interface SyncSchedule {
  readonly pattern: string;
  readonly timeZone: string;
  /** The next scheduled time, or null when paused or stopped. */
  nextRun(): Date | null;
  /** What firing at `scheduledAt` does: the same as the schedule firing then. */
  fire(scheduledAt: Date): Promise<ScheduledStart>;
  stop(): void;
}

/** EventBridge Scheduler's form of the scheduled time: whole seconds, UTC, `Z`. */
export const scheduledRunId = (scheduledAt: Date): string => {
  const whole = new Date(Math.floor(scheduledAt.getTime() / 1000) * 1000);
  return whole.toISOString().replace('.000Z', 'Z');
};

export const cronPattern = (settings: ScheduleSettings): string =>
  `${settings.minute} ${settings.hour} * * *`;

/** "2026-11-24 06:00 (Asia/Tokyo)" for the banner. */
export const formatInZone = (date: Date, timeZone: string): string => {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')} (${timeZone})`;
};

export const startSyncSchedule = (options: SyncScheduleOptions): SyncSchedule => {
  const log = options.log ?? (() => undefined);
  const pattern = cronPattern(options);
  const fire = async (scheduledAt: Date): Promise<ScheduledStart> => {
    const runId = scheduledRunId(scheduledAt);
    const outcome = await options.start(runId);
    if (outcome.started) log(`daily sync: run ${runId} started`);
    else log(`daily sync: run ${runId} not started: ${outcome.reason}`);
    return outcome;
  };
  const job = new Cron(pattern, {
    timezone: options.timeZone,
    paused: options.paused ?? false,
    // The timer must not keep a finished process (tests, a stopped platform) alive.
    unref: true,
    name: undefined,
  });
  job.schedule(async (self) => {
    // The minute it was due, not the moment the timer woke: the same run id as any repeat of this fire.
    const due = self.currentRun() ?? new Date();
    const scheduledAt = new Date(Math.floor(due.getTime() / 60_000) * 60_000);
    await fire(scheduledAt).catch((error: unknown) =>
      log(`daily sync: run failed to start: ${String(error)}`),
    );
  });
  return {
    pattern,
    timeZone: options.timeZone,
    nextRun: () => (job.isStopped() || options.paused ? null : job.nextRun()),
    fire,
    stop: () => job.stop(),
  };
};
