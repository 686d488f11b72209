import { EMPTY_PROGRESS, type SyncProgress } from '../../shared/ops/sync-run.ts';
import type { TraceEvent } from '../local/sync/step-functions-runner.ts';

/**
 * Progress of a sync run, the same for a deployed run (Distributed Map run counts) and a local one (the local
 * runner's trace): children (tenant × system) done out of the planned total.
 */

export { EMPTY_PROGRESS, type SyncProgress } from '../../shared/ops/sync-run.ts';

/** The Map whose iterations are the children: the one a reader fed (a Distributed Map). */
export const progressFromTrace = (events: readonly TraceEvent[]): SyncProgress => {
  const readAt = events.findIndex((event) => event.type === 'ItemsRead');
  const topLevelState = (from: number): string | null => {
    for (let i = events.length - 1; i >= from; i--) {
      const event = events[i]!;
      if (event.type === 'StateEntered' && event.index === undefined) return event.state ?? null;
    }
    return null;
  };
  if (readAt < 0) return { ...EMPTY_PROGRESS, state: topLevelState(0) };
  const read = events[readAt]!;
  let succeeded = 0;
  let failed = 0;
  for (const event of events) {
    if (event.state !== read.state) continue;
    if (event.type === 'MapIterationSucceeded') succeeded++;
    if (event.type === 'MapIterationFailed') failed++;
  }
  // The reader runs before its Map is entered: until a later top-level state, the run is in the Map.
  return { total: read.count ?? 0, succeeded, failed, state: topLevelState(readAt) ?? read.state ?? null };
};

/** `[██████░░░░░░] 12/30 children  (1 failed)  Tenants`; a width of 0 gives the counts alone. */
export const renderProgress = (progress: SyncProgress, width = 30): string => {
  if (progress.total === null) return `planning…${progress.state ? `  ${progress.state}` : ''}`;
  const done = progress.succeeded + progress.failed;
  const ratio = progress.total === 0 ? 1 : Math.min(1, done / progress.total);
  const filled = Math.round(ratio * width);
  const bar = width > 0 ? `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ` : '';
  const failed = progress.failed > 0 ? `  (${progress.failed} failed)` : '';
  const state = progress.state ? `  ${progress.state}` : '';
  return `${bar}${done}/${progress.total} tenant×system children${failed}${state}`;
};

/** Writes progress lines to stderr: redrawn in place on a terminal, one line per change otherwise. */
export class ProgressPrinter {
  private last = '';
  constructor(
    private readonly enabled: boolean,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {}

  update(progress: SyncProgress): void {
    if (!this.enabled) return;
    const line = renderProgress(progress, this.stream.isTTY ? 30 : 0);
    if (line === this.last) return;
    this.last = line;
    if (this.stream.isTTY) this.stream.write(`\r\x1b[2K${line}`);
    else this.stream.write(`${line}\n`);
  }

  done(): void {
    if (this.enabled && this.stream.isTTY && this.last) this.stream.write('\n');
  }
}
