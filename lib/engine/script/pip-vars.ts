// Pinokio's legacy `{{pip.install.torch}}` template: the pip command for torch on this platform and GPU.
import type { SystemSnapshot } from '../../shared/system';
import { graphicsOf } from './kernel-system';

const WHL = 'https://download.pytorch.org/whl';

/**
 * The command Pinokio's kernel/vars/pip/install/torch gives (its wheels, unchanged). It matches whole
 * lowercased vendor names, as systeminformation reports them: "nvidia" matches, AMD's full vendor name does not.
 */
export function torchInstallCommand(
  snapshot: Pick<SystemSnapshot, 'platform' | 'gpu' | 'gpus'>,
): string {
  const vendors = graphicsOf(snapshot).controllers.map((c) => c.vendor.toLowerCase());
  const base = 'pip3 install torch torchvision torchaudio';
  const nvidia = vendors.includes('nvidia');
  const amd = vendors.includes('amd') || vendors.includes('advanced micro devices');
  if (snapshot.platform === 'win32') return nvidia ? `${base} --index-url ${WHL}/cu118` : base;
  if (snapshot.platform === 'darwin') return base;
  if (snapshot.platform === 'linux') {
    if (nvidia) return `${base} --index-url ${WHL}/cu118`;
    if (amd) return `${base} --index-url ${WHL}/rocm5.6`;
    return `${base} --index-url ${WHL}/cpu`;
  }
  return base;
}

/** Pinokio's `kernel.vars` spread into every step's templates. */
export function pipVars(snapshot: Pick<SystemSnapshot, 'platform' | 'gpu' | 'gpus'>): {
  pip: { install: { torch: string } };
} {
  return { pip: { install: { torch: torchInstallCommand(snapshot) } } };
}
