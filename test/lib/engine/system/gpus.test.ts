import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { detectGpus, parseNvidiaSmi, parseRocmSmi } from '../../../../lib/engine/system/gpus';
import { systemSnapshot } from '../../../../lib/engine/system/snapshot';

const NVIDIA = `0, NVIDIA GeForce RTX 4090, 550.54.14, 24564, 1021, 8.9
1, NVIDIA GeForce RTX 5090, 575.51.02, 32607, 0, 12.0
`;

describe('GPU inventory', () => {
  it('parses nvidia-smi CSV into models, memory, driver and sm_ targets', () => {
    const gpus = parseNvidiaSmi(NVIDIA);
    expect(gpus).toEqual([
      {
        name: 'nvidia',
        index: 0,
        model: 'nvidia geforce rtx 4090',
        driver: '550.54.14',
        memoryMiB: 24564,
        memoryUsedMiB: 1021,
        target: 'sm_89',
      },
      {
        name: 'nvidia',
        index: 1,
        model: 'nvidia geforce rtx 5090',
        driver: '575.51.02',
        memoryMiB: 32607,
        memoryUsedMiB: 0,
        target: 'sm_120',
      },
    ]);
  });

  it('treats [N/A] fields as unknown', () => {
    expect(parseNvidiaSmi('0, Tesla T4, [N/A], [N/A], [N/A], 7.5')[0]).toMatchObject({
      driver: null,
      memoryMiB: null,
      target: 'sm_75',
    });
  });

  it('parses rocm-smi JSON', () => {
    const json = JSON.stringify({
      card0: {
        'Card series': 'Radeon RX 7900 XTX',
        'VRAM Total Memory (B)': '25753026560',
        'VRAM Total Used Memory (B)': '1048576',
      },
    });
    expect(parseRocmSmi(json)).toEqual([
      {
        name: 'amd',
        index: 0,
        model: 'radeon rx 7900 xtx',
        driver: null,
        memoryMiB: 24560,
        memoryUsedMiB: 1,
        target: null,
      },
    ]);
    expect(parseRocmSmi('WARNING: no devices')).toEqual([]);
  });

  it('prefers NVIDIA and reports its VRAM in GB for templates', () => {
    const snapshot = systemSnapshot(parseNvidiaSmi(NVIDIA));
    expect(snapshot.gpu).toBe('nvidia');
    expect(snapshot.gpu_model).toBe('nvidia geforce rtx 5090');
    expect(snapshot.vram).toBe(32);
  });

  it('finds no GPU on a machine without nvidia-smi or rocm-smi', async () => {
    const hasTools = ['nvidia-smi', 'rocm-smi'].some(
      (tool) => spawnSync('which', [tool]).status === 0,
    );
    const gpus = await detectGpus();
    if (hasTools) expect(Array.isArray(gpus)).toBe(true);
    else expect(gpus).toEqual([]);
    expect(systemSnapshot([])).toMatchObject({ gpu: 'none', gpus: [], gpu_model: null, vram: 0 });
  });
});
