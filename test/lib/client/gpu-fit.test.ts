// A catalog app's GPU need against the GPUs found: none needed, recommended, or a memory size.
import { describe, expect, it } from 'vitest';
import { gpuNeed, gpuShortfall } from '../../../lib/client/gpu-fit';
import type { CatalogItem } from '../../../lib/shared/catalog';
import type { Gpu } from '../../../lib/shared/system';

function entry(vramGb: number | null, tags: string[] = []): CatalogItem {
  return {
    id: 'demo',
    title: 'Demo',
    description: '',
    icon: null,
    source: 'https://example.com/demo.git',
    tags,
    diskGb: null,
    vramGb,
    screenshots: [],
  };
}
const gpu = (memoryMiB: number): Gpu => ({
  name: 'nvidia',
  model: 'Test',
  driver: null,
  memoryMiB,
});

describe('gpu fit', () => {
  it('reads the need from vramGb, or the gpu tag when the catalog gives no size', () => {
    expect(gpuNeed(entry(0))).toBeNull();
    expect(gpuNeed(entry(12))).toBe(12);
    expect(gpuNeed(entry(null, ['gpu']))).toBe('recommended');
    expect(gpuNeed(entry(null, ['image']))).toBeNull();
  });

  it('warns only where the GPUs found fall short', () => {
    expect(gpuShortfall(entry(0), [])).toBeNull();
    expect(gpuShortfall(entry(null, ['gpu']), [])).toMatch(/^No GPU was found.*run on the CPU/);
    expect(gpuShortfall(entry(null, ['gpu']), [gpu(4096)])).toBeNull();
    expect(gpuShortfall(entry(12), [])).toMatch(/needs one with 12 GB of memory/);
    expect(gpuShortfall(entry(12), [gpu(8192)])).toMatch(/^The largest GPU here has 8 GB/);
    expect(gpuShortfall(entry(12), [gpu(8192), gpu(24576)])).toBeNull();
    // A GPU whose memory is unknown is not held against the app.
    expect(gpuShortfall(entry(12), [{ name: 'apple', model: 'M2', driver: null }])).toBeNull();
  });
});
