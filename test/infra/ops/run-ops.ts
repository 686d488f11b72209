import { spawn } from 'node:child_process';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..', '..');

export interface OpsResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `npm run ops -- …` as an operator would, in a child process. Asynchronously on purpose: the stand-ins
 * the command talks to run in the test's own process, and a synchronous spawn would block them.
 * Standard input is a pipe, not a terminal, as in CI; `input` is written to it, then it is closed.
 */
export const runOps = (
  args: readonly string[],
  env: Record<string, string> = {},
  /** Written to standard input (still a pipe), e.g. a secret for `--from-stdin`. */
  input = '',
): Promise<OpsResult> =>
  new Promise((resolve, reject) => {
    const child = spawn(
      join(root, 'node_modules', '.bin', 'tsx'),
      [join(root, 'infra/ops/main.ts'), ...args],
      {
        env: { PATH: process.env.PATH, NODE_NO_WARNINGS: '1', HOME: process.env.HOME ?? '/tmp', ...env },
        stdio: ['pipe', 'pipe', 'pipe'],
      },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.stdin.end(input);
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
