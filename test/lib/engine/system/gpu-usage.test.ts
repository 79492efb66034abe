import { afterEach, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseNvidiaSmi } from '../../../../lib/engine/system/gpus';
import {
  appGpuMemory,
  parseComputeApps,
  processTree,
  treeGpuMemory,
} from '../../../../lib/engine/system/gpu-usage';
import {
  checkGpuChoice,
  gpuEnvFor,
  gpuPinEnv,
  readGpuPins,
  setGpuPins,
} from '../../../../lib/engine/system/gpu-pins';
import { listProcs } from '../../../../lib/engine/processes/proc-table';
import { ensureHome } from '../../../../lib/engine/home';

const FIXTURES = path.resolve(__dirname, '../../../fixtures/diagnosis/nvidia-smi');
const read = (f: string) => readFileSync(path.join(FIXTURES, f), 'utf8');

describe('recorded nvidia-smi output', () => {
  it('gives model, memory total/used, driver and compute capability of each GPU', () => {
    expect(parseNvidiaSmi(read('query-gpu.csv'))).toEqual([
      {
        name: 'nvidia',
        index: 0,
        model: 'nvidia geforce rtx 3060',
        driver: '550.120',
        memoryMiB: 12288,
        memoryUsedMiB: 10894,
        target: 'sm_86',
      },
      {
        name: 'nvidia',
        index: 1,
        model: 'nvidia geforce rtx 5090',
        driver: '575.57.08',
        memoryMiB: 32607,
        memoryUsedMiB: 1,
        target: 'sm_120',
      },
    ]);
    expect(parseNvidiaSmi(read('query-gpu-na.csv'))[0]).toMatchObject({
      memoryUsedMiB: null,
      target: 'sm_75',
      driver: '535.183.01',
    });
  });

  it('gives GPU memory per process', () => {
    expect(parseComputeApps(read('compute-apps.csv'))).toEqual([
      { pid: 4242, usedMiB: 10240 },
      { pid: 4243, usedMiB: 512 },
      { pid: 9999, usedMiB: 2048 },
    ]);
    expect(parseComputeApps('No running processes found\n')).toEqual([]);
  });
});

describe('GPU memory of an app', () => {
  let child: ChildProcess | null = null;
  afterEach(() => {
    child?.kill('SIGKILL');
    child = null;
  });

  it("sums the GPU memory of every process in the app's real process tree", async () => {
    child = spawn('sh', ['-c', 'sleep 30 & sleep 30 & wait'], { stdio: 'ignore' });
    let procs = await listProcs();
    for (
      let tries = 0;
      procs.filter((p) => p.ppid === child!.pid).length < 2 && tries < 100;
      tries++
    ) {
      await new Promise((r) => setTimeout(r, 20));
      procs = await listProcs();
    }
    const kids = procs.filter((p) => p.ppid === child!.pid).map((p) => p.pid);
    expect(kids).toHaveLength(2);
    const byNumber = (a: number, b: number) => a - b;
    expect([...processTree([child.pid!], procs)].sort(byNumber)).toEqual(
      [child.pid!, ...kids].sort(byNumber),
    );
    const gpu = parseComputeApps(`${kids[0]}, 3000\n${kids[1]}, 1500\n${process.pid}, 9999\n`);
    expect(treeGpuMemory([child.pid!], procs, gpu)).toBe(4500);
  });

  it('is unknown on a machine whose nvidia-smi does not answer', async () => {
    const hasNvidia = await new Promise<boolean>((resolve) =>
      spawn('nvidia-smi', ['-L'])
        .on('error', () => resolve(false))
        .on('exit', (c) => resolve(c === 0)),
    );
    if (!hasNvidia) expect(await appGpuMemory([process.pid])).toBeNull();
    else expect(await appGpuMemory([process.pid])).not.toBeNull();
  });
});

describe('GPU pinning', () => {
  it('stores pins per app and turns them into *_VISIBLE_DEVICES', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-pins-'));
    try {
      const { layout } = await ensureHome(root);
      expect(await gpuEnvFor(layout, 'comfy')).toEqual({});
      await setGpuPins(layout, 'comfy', [1, 0, 1]);
      expect(await readGpuPins(layout)).toEqual({ comfy: [0, 1] });
      expect(await gpuEnvFor(layout, 'comfy')).toEqual({
        CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
        CUDA_VISIBLE_DEVICES: '0,1',
        HIP_VISIBLE_DEVICES: '0,1',
        ROCR_VISIBLE_DEVICES: '0,1',
      });
      expect(await gpuEnvFor(layout, 'other')).toEqual({});
      await setGpuPins(layout, 'comfy', null);
      expect(await readGpuPins(layout)).toEqual({});
      expect(gpuPinEnv([])).toEqual({});
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});

describe('GPU choice', () => {
  const nvidia = { name: 'nvidia', index: 0, model: 'rtx 4090', driver: null };
  const amd = { name: 'amd', index: 1, model: 'rx 7900 xtx', driver: null };

  it('sets the variables of the chosen GPU vendor, with PCI bus order for CUDA', () => {
    expect(gpuPinEnv([0], [nvidia, amd])).toEqual({
      CUDA_DEVICE_ORDER: 'PCI_BUS_ID',
      CUDA_VISIBLE_DEVICES: '0',
    });
    expect(gpuPinEnv([1], [nvidia, amd])).toEqual({
      HIP_VISIBLE_DEVICES: '1',
      ROCR_VISIBLE_DEVICES: '1',
    });
  });

  it('refuses an index that was not found, naming the GPUs found', () => {
    expect(() => checkGpuChoice([0, 1], [nvidia, amd])).not.toThrow();
    expect(() => checkGpuChoice([2], [nvidia, amd])).toThrow(
      'No GPU 2: the GPUs found are 0 (nvidia rtx 4090), 1 (amd rx 7900 xtx).',
    );
    expect(() => checkGpuChoice([0], [])).toThrow(/No GPU 0: no GPU was found/);
  });
});
