import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = join(import.meta.dirname, '..', '..');

/** Runs the lint step's dependency-cruiser over `paths` with the repository's own rules. */
const cruise = async (paths: string[]): Promise<{ code: number; output: string }> => {
  try {
    const { stdout } = await run(
      process.execPath,
      [
        join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        ...paths,
        '--config',
        '.dependency-cruiser.cjs',
      ],
      { cwd: ROOT },
    );
    return { code: 0, output: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, output: failed.stdout };
  }
};

describe('Lint: import rules', () => {
  let dir = '';

  beforeAll(async () => {
    // A tree of its own inside the repository (the rules are written against repository paths).
    dir = await mkdtemp(join(ROOT, 'test', 'lint', 'tmp-'));
    await mkdir(join(dir, 'cycle'));
    await writeFile(
      join(dir, 'cycle', 'a.ts'),
      "import { b } from './b.ts';\nexport const a = (): number => b() + 1;\n",
    );
    await writeFile(
      join(dir, 'cycle', 'b.ts'),
      "import { a } from './a.ts';\nexport const b = (): number => a() - 1;\n",
    );
    await writeFile(join(dir, 'cycle', 'c.ts'), 'export const c = 1;\n');
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('refuses a two-file import cycle and names both files', async () => {
    // Act
    const { code, output } = await cruise([join(dir, 'cycle')]);

    // Assess
    expect(code).not.toBe(0);
    expect(output).toContain('no-circular');
    expect(output).toContain('a.ts');
    expect(output).toContain('b.ts');
  });

  it('passes the repository as it stands', async () => {
    // Act
    const { code, output } = await cruise(['shared', 'functions', 'infra', 'bench']);

    // Assess
    expect(output).toContain('no dependency violations');
    expect(code).toBe(0);
  }, 60_000);
});
