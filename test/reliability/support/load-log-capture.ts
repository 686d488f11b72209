import { format } from 'node:util';

/**
 * Captures everything written to the log while it is installed: `process.stdout` / `process.stderr` (where
 * Powertools Logger writes, through a `Console` of its own over those streams) and the global `console`
 * (the event source stand-ins' warnings; vitest routes it around the streams). The captured text is kept,
 * not echoed, so a 10,000-event run does not flood the test output; `print` still reaches the terminal.
 */

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

export interface LogCapture {
  /** All captured output so far. */
  text(): string;
  /** Captured output from `mark` on. */
  since(mark: number): string;
  /** A position in the captured output, for `since`. */
  mark(): number;
  /** Lines the suite itself prints: echoed to the terminal and kept with the rest. */
  print(line: string): void;
  restore(): void;
}

export const captureLogs = (): LogCapture => {
  const chunks: string[] = [];
  let length = 0;
  const keep = (chunk: unknown) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    chunks.push(text);
    length += text.length;
  };
  const originals = {
    stdout: process.stdout.write,
    stderr: process.stderr.write,
    console: Object.fromEntries(CONSOLE_METHODS.map((m) => [m, console[m]])) as Pick<
      Console,
      (typeof CONSOLE_METHODS)[number]
    >,
  };
  const swallow = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  process.stdout.write = swallow;
  process.stderr.write = swallow;
  for (const method of CONSOLE_METHODS) {
    console[method] = (...args: unknown[]) => {
      keep(`${format(...args)}\n`);
    };
  }
  const text = () => {
    if (chunks.length > 1) chunks.splice(0, chunks.length, chunks.join(''));
    return chunks[0] ?? '';
  };
  return {
    text,
    mark: () => length,
    since: (mark) => text().slice(mark),
    print: (line) => {
      keep(`${line}\n`);
      originals.console.log(line);
    },
    restore: () => {
      process.stdout.write = originals.stdout;
      process.stderr.write = originals.stderr;
      Object.assign(console, originals.console);
    },
  };
};

/** The secrets found in `text`, each shown only by its length and first characters. */
export const leakedSecrets = (text: string, secrets: readonly string[]): string[] =>
  secrets.filter((secret) => text.includes(secret)).map((s) => `${s.slice(0, 4)}… (${s.length} chars)`);
