// Test helper: real StepContexts for apps in one temp home, carrying the home's download services.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { EventBus } from '../../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../../lib/engine/home';
import {
  createDownloadServices,
  type DownloadServices,
  type DownloadSettings,
} from '../../../../../lib/engine/steps/downloads';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { startFileServer, type FileServer } from '../../../../helpers/servers/file-server';
import { HfServer } from '../../../../helpers/servers/hf-server';
import { stepContext } from '../step-context';

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

export async function createTestHome(settings: DownloadSettings = {}): Promise<TestHome> {
  const root = await mkdtemp(path.join(os.tmpdir(), 'hangar-dlsteps-'));
  const { layout: home } = await ensureHome(root);
  const bus = new EventBus();
  const services = createDownloadServices(home, bus, () => settings);
  const logs: string[] = [];
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
      return stepContext({
        runId: `run-${app}`,
        home,
        app,
        appDir,
        script: 'install.js',
        signal: controller.signal,
        log: (text: string) => void logs.push(text),
        // The home's own HF_HOME, whatever the machine running the tests has set.
        env: async () => ({ HF_HOME: path.join(home.cache, 'HF_HOME'), ...options.env }),
        services: { downloads: services },
      });
    },
    async dispose() {
      await services.manager.dispose();
      await rm(root, { recursive: true, force: true });
    },
  };
}

export interface HfTestWorld {
  readonly server: FileServer;
  /** The Hugging Face Hub stand-in, served by `server`. */
  readonly hf: HfServer;
  /** A home whose download settings point hf.download at `hf`. */
  readonly t: TestHome;
}

/** Registers the hooks that give each test a fresh file server, Hub stand-in and home, ended after it. */
export function hfWorldPerTest(): HfTestWorld {
  let world: HfTestWorld | null = null;
  beforeEach(async () => {
    const server = await startFileServer();
    const hf = new HfServer(server);
    const t = await createTestHome({ hfEndpoint: server.origin });
    world = { server, hf, t };
  });
  afterEach(async () => {
    await world?.t.dispose();
    await world?.server.stop();
    world = null;
  });
  const need = (): HfTestWorld => {
    if (!world) throw new Error('the download test world exists only inside a test');
    return world;
  };
  return {
    get server() {
      return need().server;
    },
    get hf() {
      return need().hf;
    },
    get t() {
      return need().t;
    },
  };
}
