// Pinokio's `{{pip.install.torch}}`: the same command as Pinokio for each platform and GPU vendor.
import { describe, expect, it } from 'vitest';
import { torchInstallCommand } from '../../../../lib/engine/script/pip-vars';

const gpu = (name: string) => ({ name, model: `${name} card`, driver: null });
const base = 'pip3 install torch torchvision torchaudio';

describe('pip.install.torch', () => {
  it('picks the wheel index by platform and vendor as Pinokio does', () => {
    const linux = (gpus: ReturnType<typeof gpu>[]) =>
      torchInstallCommand({ platform: 'linux', gpu: gpus[0]?.name ?? 'none', gpus });
    expect(linux([gpu('nvidia')])).toBe(
      `${base} --index-url https://download.pytorch.org/whl/cu118`,
    );
    expect(linux([])).toBe(`${base} --index-url https://download.pytorch.org/whl/cpu`);
    // Pinokio compares whole vendor names; systeminformation's AMD vendor is the long one, so no match.
    expect(linux([gpu('amd')])).toBe(`${base} --index-url https://download.pytorch.org/whl/cpu`);
    expect(torchInstallCommand({ platform: 'darwin', gpu: 'apple', gpus: [gpu('apple')] })).toBe(
      base,
    );
    expect(torchInstallCommand({ platform: 'win32', gpu: 'nvidia', gpus: [gpu('nvidia')] })).toBe(
      `${base} --index-url https://download.pytorch.org/whl/cu118`,
    );
  });
});
