import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureWorkingSecretsFile } from '../../../infra/local/local-secrets.ts';

describe('Function: ensureWorkingSecretsFile', () => {
  let dir: string;
  let demo: string;
  let working: string;
  const read = async (path: string) => JSON.parse(await readFile(path, 'utf8'));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-local-secrets-'));
    demo = join(dir, 'demo.json');
    working = join(dir, 'state', 'secrets.json');
    await writeFile(demo, JSON.stringify({ a: '{"signingSecrets":["a1"]}', b: '{"signingSecrets":["b1"]}' }));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates the working copy from the demo secrets', async () => {
    // Act
    const path = ensureWorkingSecretsFile(working, demo);

    // Assess
    expect(path).toBe(working);
    expect(await read(working)).toEqual(await read(demo));
  });

  it('keeps rotated entries and adds only the demo entries the copy lacks', async () => {
    // Prepare: "a" was rotated locally; the demo file later gained "c".
    await writeFile(demo, JSON.stringify({ a: 'demo-a', b: 'demo-b', c: 'demo-c' }));
    ensureWorkingSecretsFile(working, demo);
    await writeFile(working, JSON.stringify({ a: 'rotated-a', b: 'demo-b' }));

    // Act
    ensureWorkingSecretsFile(working, demo);

    // Assess
    expect(await read(working)).toEqual({ a: 'rotated-a', b: 'demo-b', c: 'demo-c' });
    expect(await read(demo)).toEqual({ a: 'demo-a', b: 'demo-b', c: 'demo-c' });
  });
});
