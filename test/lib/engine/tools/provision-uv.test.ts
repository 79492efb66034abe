// uv provisioned into bin/ with the real pip from a local PEP 503 index, found on an app's PATH by shell.run.
import { lstat, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readProvisioned } from '../../../../lib/engine/tools';
import { Engine } from '../../../../lib/engine';
import { formatDoctorReport } from '../../../../lib/engine/diagnosis/doctor';
import { makeTempDir } from '../../../helpers/temp-dir';
import { buildUvWheel, servePypiIndex, type PypiIndex } from '../../../helpers/servers/pypi-index';
import { exec, info, runPerTest } from './shell-run';

const startRun = runPerTest();

let index: PypiIndex;
let empty: PypiIndex;
const saved = { PIP_INDEX_URL: process.env.PIP_INDEX_URL, PIP_RETRIES: process.env.PIP_RETRIES };

beforeAll(async () => {
  const dir = await makeTempDir('hangar-uv-wheel-');
  index = await servePypiIndex({ uv: [await buildUvWheel(dir, '0.9.77')] });
  empty = await servePypiIndex({});
  process.env.PIP_RETRIES = '0';
});

afterAll(async () => {
  await index.close();
  await empty.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

describe('uv provisioned into bin/', () => {
  it('pip-installs uv from the index pip uses before a step that calls uv, links it first on PATH and records it', async () => {
    process.env.PIP_INDEX_URL = index.url;
    const t = await startRun();
    const bin = t.ctx.home.bin;
    const result = await exec(t, { message: 'uv --version && command -v uv' });
    expect(result.stdout).toContain('uv 0.9.77 (test wheel)');
    expect(result.stdout).toContain(path.join(bin, 'uv'));
    expect(index.requests).toContain('/simple/uv/');
    expect(info(t)).toContain(`installing it into ${bin} with pip install uv (index ${index.url})`);
    expect(info(t)).toMatch(/Successfully installed uv-0\.9\.77/);
    expect(info(t)).toContain(`uv 0.9.77 is ready in ${bin}`);
    expect((await lstat(path.join(bin, 'uv'))).isSymbolicLink()).toBe(true);
    expect(await readlink(path.join(bin, 'uv'))).toBe(path.join(bin, 'venvs', 'uv', 'bin', 'uv'));
    const records = await readProvisioned(bin);
    expect(records.uv).toMatchObject({
      kind: 'installed',
      version: '0.9.77',
      source: `pip install uv (index ${index.url})`,
    });
    const text = await readFile(path.join(bin, 'provisioned.json'), 'utf8');
    expect(JSON.parse(text)).toEqual({ tools: records });

    // The next step finds it in place: no second install.
    const before = index.requests.length;
    const again = await exec(t, { message: 'uv --version' });
    expect(again.stdout).toContain('uv 0.9.77');
    expect(index.requests.length).toBe(before);

    // `hangar doctor` says what is provisioned and from where.
    const engine = await Engine.create({ home: t.ctx.home.root, version: 'test' });
    try {
      const report = await engine.diagnosis.doctor();
      expect(report.provisioned).toEqual([
        expect.objectContaining({ id: 'uv', kind: 'installed', version: '0.9.77' }),
      ]);
      expect(formatDoctorReport(report)).toContain(
        `uv       0.9.77  ${path.join(bin, 'venvs', 'uv', 'bin', 'uv')}  from pip install uv (index ${index.url})`,
      );
    } finally {
      await engine.dispose();
    }
  });

  it('writes the pip shim where the index has no uv, says why in the log, and records it', async () => {
    process.env.PIP_INDEX_URL = empty.url;
    const t = await startRun();
    const bin = t.ctx.home.bin;
    const result = await exec(t, { message: 'uv --version' });
    expect(result.stdout).toContain('hangar.pip.shim');
    expect(empty.requests).toContain('/simple/uv/');
    expect(info(t)).toMatch(/uv could not be installed \(pip install uv failed: .*\); "uv pip"/);
    const records = await readProvisioned(bin);
    expect(records.uv).toMatchObject({ kind: 'shim', path: path.join(bin, 'uv') });
    expect(records.uv!.reason).toMatch(/pip install uv failed/);
  });

  it('leaves steps that do not call uv alone', async () => {
    process.env.PIP_INDEX_URL = empty.url;
    const t = await startRun();
    const before = empty.requests.length;
    await exec(t, { message: 'echo "uvicorn app:main --uv-loop"' });
    expect(empty.requests.length).toBe(before);
    expect(await readProvisioned(t.ctx.home.bin)).toEqual({});
  });
});
