// The engine: owns the home, the event bus and every domain service; disposed in reverse order.
import { EventBus } from './events';
import { ensureHome, type HomeLayout } from './home';
import { detectGpus } from './system/gpus';
import { systemSnapshot } from './system/snapshot';
import { ScriptRunner } from './script/runs';
import { AppManager } from './apps/app-manager';
import { Catalog } from './apps/catalog';
import { TerminalManager } from './terminals';
import type { HomeConfig } from '../shared/config';
import type { SystemInfo, SystemSnapshot } from '../shared/system';

export interface EngineOptions {
  home: string;
  version: string;
  /** Folder of the bundled catalog (catalog/ in the project), or null for none. */
  catalogDir?: string | null;
}

export class Engine {
  readonly bus = new EventBus();
  readonly runner: ScriptRunner;
  readonly apps: AppManager;
  readonly catalog: Catalog;
  readonly terminals: TerminalManager;
  private readonly startedAt = Date.now();
  private readonly disposers: Array<() => Promise<void> | void> = [];

  private constructor(
    readonly layout: HomeLayout,
    readonly config: HomeConfig,
    readonly system: SystemSnapshot,
    private readonly version: string,
    catalogDir: string | null,
  ) {
    this.runner = new ScriptRunner({ home: layout, bus: this.bus, system: () => this.system });
    this.catalog = new Catalog(catalogDir);
    this.apps = new AppManager({ home: layout, bus: this.bus, runner: this.runner, catalog: this.catalog });
    this.terminals = new TerminalManager({ bus: this.bus });
    this.own(() => this.terminals.dispose());
    this.own(() => this.runner.dispose());
    this.own(() => this.apps.dispose());
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const { layout, config } = await ensureHome(options.home);
    const gpus = await detectGpus();
    const engine = new Engine(layout, config, systemSnapshot(gpus), options.version, options.catalogDir ?? null);
    await engine.apps.init();
    return engine;
  }

  systemInfo(): SystemInfo {
    return {
      version: this.version,
      node: process.version,
      platform: this.system.platform,
      arch: this.system.arch,
      home: this.layout.root,
      gpus: this.system.gpus,
      uptimeSec: Math.round((Date.now() - this.startedAt) / 1000),
    };
  }

  /** Registers a teardown step; steps run in reverse order of registration. */
  own(dispose: () => Promise<void> | void): void {
    this.disposers.push(dispose);
  }

  async dispose(): Promise<void> {
    while (this.disposers.length > 0) {
      const dispose = this.disposers.pop()!;
      await dispose();
    }
  }
}
