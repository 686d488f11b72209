import { vi } from 'vitest';

/** What the code under test wrote to stdout and stderr while captured. */
export interface CapturedOutput {
  /** Everything written, in order. */
  text(): string;
  /** The structured (JSON) log lines. */
  jsonLines(): Record<string, unknown>[];
}

/**
 * Captures stdout and stderr until `vi.restoreAllMocks()`: Powertools writes info to stdout and warnings and
 * errors to stderr, and Lambda ships both to CloudWatch, so a test about logs must read both.
 */
export const captureOutput = (): CapturedOutput => {
  const chunks: string[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      return true;
    });
  }
  return {
    text: () => chunks.join(''),
    jsonLines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
};
