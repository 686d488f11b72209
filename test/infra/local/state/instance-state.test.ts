import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openInstanceState, StateDirInUseError } from '../../../../infra/local/state/instance-state.ts';
import { defaultLocalStateDir, localSecretsFile } from '../../../../infra/local/state/state-dir.ts';

describe('Function: openInstanceState', () => {
  let dir: string;
  const manifest = async () => JSON.parse(await readFile(join(dir, 'instance.json'), 'utf8'));

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tsunagi-state-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('starts new, resumes once data is there, and keeps what the last run noted', async () => {
    // Act
    const first = await openInstanceState(dir, { fresh: false });
    await mkdir(first.path('dynamodb'));
    await first.note({ tenantsFileHash: 'h1' });
    await first.release();
    const second = await openInstanceState(dir, { fresh: false });

    // Assess
    expect(first.start).toBe('first');
    expect(second.start).toBe('resumed');
    expect(second.previous).toMatchObject({ pid: null, tenantsFileHash: 'h1' });
    expect(await manifest()).toMatchObject({ pid: process.pid, tenantsFileHash: 'h1' });
  });

  it('with fresh, removes only what local mode keeps there', async () => {
    // Prepare
    const before = await openInstanceState(dir, { fresh: false });
    await mkdir(before.path('dynamodb'));
    await writeFile(before.path('secrets'), '{}');
    await writeFile(join(dir, 'notes.txt'), 'mine');
    await before.release();

    // Act
    const state = await openInstanceState(dir, { fresh: true });

    // Assess
    expect(state.start).toBe('fresh');
    expect(state.previous).toBeNull();
    await expect(readFile(state.path('secrets'))).rejects.toThrow();
    expect(await readFile(join(dir, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('refuses a folder a live process holds, and takes over one whose process is gone', async () => {
    // Prepare: the test runner's parent is alive; a pid beyond pid_max never is.
    await writeFile(
      join(dir, 'instance.json'),
      JSON.stringify({ version: 1, pid: process.ppid, startedAt: new Date().toISOString() }),
    );

    // Act / Assess
    await expect(openInstanceState(dir, { fresh: false })).rejects.toBeInstanceOf(StateDirInUseError);
    await expect(openInstanceState(dir, { fresh: true })).rejects.toThrow(/in use by another local instance/);
    await writeFile(
      join(dir, 'instance.json'),
      JSON.stringify({ version: 1, pid: 4_194_304 + 7, startedAt: new Date().toISOString() }),
    );
    expect((await openInstanceState(dir, { fresh: false })).start).toBe('first');
  });
});

describe('Function: defaultLocalStateDir', () => {
  it('keys the folder by the webhook port inside the checkout, unless LOCAL_STATE_DIR names one', () => {
    expect(defaultLocalStateDir({})).toMatch(/\/\.local\/instance-3000$/);
    expect(defaultLocalStateDir({ PORT: '4250' })).toMatch(/\/\.local\/instance-4250$/);
    expect(defaultLocalStateDir({ PORT: '4250', LOCAL_STATE_DIR: '/tmp/x' })).toBe('/tmp/x');
    expect(localSecretsFile({ PORT: '4250' })).toMatch(/\/\.local\/instance-4250\/secrets\.json$/);
    expect(localSecretsFile({ LOCAL_SECRETS_FILE: '/tmp/s.json' })).toBe('/tmp/s.json');
  });
});
