// A KernelRuntime with no processes behind it: `hangar check` uses it to render menus in chosen states.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SystemSnapshot } from '../../shared/system';
import type { KernelRuntime } from '../script/kernel';
import { isInside } from '../script/safe-path';

export const MENU_STATES = ['not-installed', 'installed', 'running', 'running-with-url'] as const;
export type MenuState = (typeof MENU_STATES)[number];

/** URL the fake runtime reports as the running app's `local.url`. */
export const FAKE_URL = 'http://127.0.0.1:7860';
/** Port `kernel.port()` and `{{port}}` report offline. */
export const FAKE_PORT = 42003;

export interface FakeRuntimeOptions {
  state: MenuState;
  /** Launcher root: in installed states every path below it "exists" (install markers such as app/env). */
  root: string;
  /** Absolute paths of the scripts that run in the running states (the daemon/start scripts). */
  startScripts: string[];
  /** Keys each start script sets with `local.set`; in running-with-url they get FAKE_URL (url-like) or a placeholder. */
  localKeys?: Record<string, string[]>;
  system: SystemSnapshot;
  home: string;
}

export function fakeRuntime(options: FakeRuntimeOptions): KernelRuntime {
  const installed = options.state !== 'not-installed';
  const running = options.state === 'running' || options.state === 'running-with-url';
  const starts = new Set(options.startScripts.map((p) => path.resolve(p)));
  return {
    port: async () => FAKE_PORT,
    system: options.system,
    home: options.home,
    globals: {},
    isRunning: (abs) => running && starts.has(path.resolve(abs)),
    isReady: (abs) => running && starts.has(path.resolve(abs)),
    localOf: (abs) => {
      const file = path.resolve(abs);
      if (options.state !== 'running-with-url' || !starts.has(file)) return {};
      const local: Record<string, unknown> = { url: FAKE_URL };
      for (const key of options.localKeys?.[file] ?? [])
        local[key] = /url|uri|link/i.test(key) ? FAKE_URL : `sample-${key}`;
      return local;
    },
    exists: (abs) => (installed && isInside(path.resolve(abs), options.root)) || existsSync(abs),
  };
}
