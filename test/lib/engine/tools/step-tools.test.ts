// Tools a step's commands call: git missing stops the step before it runs, with the install command.
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { callsUv } from '../../../../lib/engine/tools';
import { exec, runPerTest } from './shell-run';

const startRun = runPerTest();

describe('tools a step calls', () => {
  it('refuses a step that runs git where git is missing, naming the install command of a manager present', async () => {
    const t = await startRun();
    // A PATH with apt-get but no git (apt-get is only found, never run).
    const dir = path.join(t.dir, 'no-git-bin');
    await mkdir(dir);
    await writeFile(path.join(dir, 'apt-get'), '#!/bin/sh\nexit 1\n');
    await chmod(path.join(dir, 'apt-get'), 0o755);
    const params = {
      message: ['echo start', 'git clone https://example.invalid/app.git app'],
      env: { PATH: dir },
    };
    const error = await exec(t, params).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'missing_tool', details: { tools: ['git'] } });
    expect((error as Error).message).toContain('This step runs git, which is not installed');
    expect((error as Error).message).toMatch(/Install it with: (sudo )?apt-get install -y git/);
    expect(t.output()).not.toContain('start');
  });

  it('refuses conda (unreachable conda-forge) and npm steps where they are missing, but leaves npm to a conda step', async () => {
    const t = await startRun();
    const empty = path.join(t.dir, 'empty-bin');
    await mkdir(empty);
    // Nothing listens on port 9 of loopback: micromamba cannot be fetched.
    const offline = { PATH: empty, HANGAR_MICROMAMBA_URL: 'http://127.0.0.1:9' };
    const conda = { message: 'conda install -y conda-forge::ffmpeg', env: offline };
    await expect(exec(t, conda)).rejects.toMatchObject({
      code: 'missing_tool',
      message: expect.stringContaining(
        'This step needs conda, which is not installed, and Hangar could not fetch micromamba',
      ) as unknown,
    });
    const npm = { message: 'cd app && npm install', env: { PATH: empty } };
    await expect(exec(t, npm)).rejects.toMatchObject({
      code: 'missing_tool',
      message: expect.stringContaining('This step runs npm') as unknown,
    });
    // With a conda env, npm may come from it: the refusal is then conda's own (conda is missing too).
    const inConda = { message: 'npm install', conda: { path: 'cenv' }, env: offline };
    await expect(exec(t, inConda)).rejects.toMatchObject({
      code: 'missing_tool',
      message: expect.stringContaining('This step needs conda') as unknown,
    });
  });

  it('tells a command that runs uv from one that only mentions it', () => {
    expect(callsUv('uv pip install -r requirements.txt')).toBe(true);
    expect(callsUv(['cd app', 'python -m x && uv venv'])).toBe(true);
    expect(callsUv({ _: ['uvx', 'ruff'] })).toBe(true);
    expect(callsUv('uvicorn main:app --uv-loop')).toBe(false);
    expect(callsUv('pip install uv-tools')).toBe(false);
    expect(callsUv('pip install uv')).toBe(false);
    expect(callsUv('echo run uv later')).toBe(false);
  });
});
