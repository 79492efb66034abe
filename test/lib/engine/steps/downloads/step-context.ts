// Test helper: real StepContexts for apps in one temp home, carrying the home's download services.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { EventBus } from '../../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../../lib/engine/home';
import { resolveInside } from '../../../../../lib/engine/script/safe-path';
import {
  createDownloadServices,
  type DownloadServices,
  type DownloadSettings,
} from '../../../../../lib/engine/steps/downloads';
import type { StepContext, StepRequest } from '../../../../../lib/engine/steps/types';

export interface TestHome {
  root: string;
  home: HomeLayout;
  bus: EventBus;
  services: DownloadServices;
  logs: string[];
  /** A context for a script in `api/<app>/`. */
  context(
    app: string,
    options?: { env?: Record<string, string>; controller?: AbortController },
  ): Promise<StepContext>;
  dispose(): Promise<void>;
}

export function request(method: string, params: unknown): StepRequest {
  return {
    params,
    method,
    current: 0,
    total: 1,
    next: null,
    input: undefined,
    args: undefined,
    step: { method, params },
  };
}

export async function createTestHome(settings: DownloadSettings = {}): Promise<TestHome> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-dlsteps-'));
  const { layout: home } = await ensureHome(root);
  const bus = new EventBus();
  const services = createDownloadServices(home, bus, () => settings);
  const logs: string[] = [];
  const unsupported = (): never => {
    throw new Error('not used by download steps');
  };
  return {
    root,
    home,
    bus,
    services,
    logs,
    async context(app, options = {}) {
      const appDir = path.join(home.api, app);
      await mkdir(appDir, { recursive: true });
      const controller = options.controller ?? new AbortController();
      return {
        runId: `run-${app}`,
        app,
        appDir,
        scriptFile: path.join(appDir, 'install.js'),
        cwd: appDir,
        dirname: appDir,
        home,
        signal: controller.signal,
        daemon: false,
        serverArgs: [],
        log: (text: string) => void logs.push(text),
        emit: { notify: () => undefined, webOpen: () => undefined },
        requestInput: unsupported,
        env: async () => options.env ?? {},
        resolvePath: (p, o) =>
          resolveInside(p, {
            base: appDir,
            allowed: [
              appDir,
              ...(o?.allowCache ? [home.cache] : []),
              ...(o?.allowDrive ? [home.drive] : []),
            ],
            home: home.root,
            param: o?.param,
          }),
        resolveUri: unsupported,
        memory: { local: {}, global: {}, localOf: () => ({}) },
        self: {},
        persistSelf: async () => undefined,
        runScript: unsupported,
        stopScript: unsupported,
        restartScript: unsupported,
        isRunning: async () => false,
        isReady: async () => false,
        registerProcess: () => () => undefined,
        setNext: () => undefined,
        setReturn: () => undefined,
        trigger: unsupported,
        downloads: services,
      } as StepContext;
    },
    async dispose() {
      await services.manager.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}
