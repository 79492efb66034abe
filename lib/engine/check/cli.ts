// The machine `hangar check --gpu/--platform` renders a launcher's menus for (the command line lives in server/cli).
import type { SystemSnapshot } from '../../shared/system';
import { defaultSystem } from '../script/runner-options';

export const CHECK_GPUS = ['nvidia', 'amd', 'apple', 'none'] as const;
export const CHECK_PLATFORMS = ['linux', 'darwin', 'win32'] as const;

/** This machine, with the GPU vendor and platform replaced where asked. */
export function checkSystem(options: { gpu?: string; platform?: string } = {}): SystemSnapshot {
  const system = defaultSystem();
  if (options.gpu) {
    system.gpu = options.gpu;
    system.gpus =
      options.gpu === 'none' ? [] : [{ name: options.gpu, model: options.gpu, driver: null }];
  }
  if (options.platform) system.platform = options.platform;
  return system;
}
