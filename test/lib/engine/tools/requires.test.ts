import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { access, mkdir, symlink } from 'node:fs/promises';
import path from 'node:path';
import { ToolRegistry, assertRequirements, parseRequires } from '../../../../lib/engine/tools';
import { runFailureDiagnoser } from '../../../../lib/engine/diagnosis/run-failure';
import { ScriptRunner } from '../../../../lib/engine/script/runs';
import { makeRunnerEnv, type RunnerEnv } from '../script/run-helpers';

const linux = { platform: 'linux', arch: 'x64', gpu: 'none' };

describe('parsing requires', () => {
  it('maps Pinokio bundles to required and recommended tools', () => {
    expect(parseRequires({ bundle: 'ai' }, linux)).toMatchObject({
      required: ['git', 'python3', 'venv'],
      recommended: ['uv', 'ffmpeg', 'cc', 'cxx'],
    });
    expect(parseRequires({ bundle: 'ai' }, { ...linux, gpu: 'nvidia' }).recommended).toContain(
      'nvidia-smi',
    );
    expect(parseRequires({ bundle: 'network' }, linux).required).toEqual([]);
    expect(parseRequires({ bundle: 'quantum' }, linux).unknown).toEqual(['bundle:quantum']);
  });

  it('reads the legacy list, keeping only entries for this platform', () => {
    const legacy = [
      { type: 'conda', name: 'ffmpeg', args: '-c conda-forge' },
      { platform: 'darwin', type: 'brew', name: 'cmake' },
      { gpu: 'nvidia', type: 'conda', name: 'cudatoolkit' },
      { type: 'pip', name: 'torch' },
    ];
    expect(parseRequires(legacy, linux)).toMatchObject({
      required: ['ffmpeg'],
      unknown: ['torch'],
    });
    expect(parseRequires(legacy, { ...linux, platform: 'darwin', gpu: 'nvidia' }).required).toEqual(
      ['ffmpeg', 'cmake', 'nvcc'],
    );
  });
});

describe('a launcher whose requires names a missing tool', () => {
  let env: RunnerEnv;
  let runner: ScriptRunner;
  beforeEach(async () => {
    env = await makeRunnerEnv('needs-ffmpeg');
    // A PATH holding node alone: ffmpeg is missing whatever this machine has installed.
    const bin = path.join(env.home.root, 'probe-bin');
    await mkdir(bin);
    await symlink(process.execPath, path.join(bin, 'node'));
    const tools = new ToolRegistry({ searchPath: bin, isRoot: true });
    runner = new ScriptRunner({
      home: env.home,
      bus: env.bus,
      requirements: (requires, system) => assertRequirements(requires, system, tools),
      diagnose: runFailureDiagnoser(tools, env.home.root),
    });
  });
  afterEach(async () => {
    await runner.dispose();
    await env.cleanup();
  });

  it('stops before step 1 with the list of what is missing and how to get it', async () => {
    const marker = path.join(env.appDir, 'step-one-ran');
    const file = await env.write('install.json', {
      requires: [{ type: 'conda', name: 'ffmpeg' }],
      run: [{ method: 'fs.write', params: { path: 'step-one-ran', text: 'yes' } }],
    });
    const { runId, done } = await runner.start(file, { app: 'needs-ffmpeg' });
    const result = await done;
    expect(result.status).toBe('failed');
    expect(result.error).toMatchObject({ code: 'missing_tool' });
    expect(result.error!.message).toContain('FFmpeg');
    expect(result.error!.message).toMatch(/audio and video/);
    expect(result.error!.step).toBeUndefined();
    await expect(access(marker)).rejects.toThrow();
    const info = runner.get(runId);
    expect(info.error?.diagnosis).toMatchObject({ id: 'missing_tool' });
    expect(info.error?.diagnosis?.explanation).toContain('FFmpeg');
  });

  it('runs normally when every required tool is present, or is one Hangar provisions itself (uv)', async () => {
    const file = await env.write('ok.json', {
      requires: { tools: ['node', 'uv'] },
      run: [{ method: 'fs.write', params: { path: 'ran.txt', text: 'yes' } }],
    });
    const result = await (await runner.start(file, { app: 'needs-ffmpeg' })).done;
    expect(result.status, JSON.stringify(result.error)).toBe('finished');
    await access(path.join(env.appDir, 'ran.txt'));
  });
});
