// The engine: owns the home, the event bus and every domain service; disposed in reverse order.
import { EventBus } from './events';
import { ensureHome, type HomeLayout } from './home';
import { detectGpus } from './system/gpus';
import { systemSnapshot } from './system/snapshot';
import type { HomeConfig } from '../shared/config';
import type { SystemInfo, SystemSnapshot } from '../shared/system';

export interface EngineOptions {
  home: string;
  version: string;
}

export class Engine {
  readonly bus = new EventBus();
  private readonly startedAt = Date.now();
  private readonly disposers: Array<() => Promise<void> | void> = [];

  private constructor(
    readonly layout: HomeLayout,
    readonly config: HomeConfig,
    readonly system: SystemSnapshot,
    private readonly version: string,
  ) {}

  static async create(options: EngineOptions): Promise<Engine> {
    const { layout, config } = await ensureHome(options.home);
    const gpus = await detectGpus();
    return new Engine(layout, config, systemSnapshot(gpus), options.version);
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
