// The engine: owns the home, the event bus and every domain service; disposed in reverse order.
import path from 'node:path';
import { EventBus } from './events';
import { ensureHome, type HomeLayout } from './home';
import { detectGpus } from './system/gpus';
import { readGpuPins } from './system/gpu-pins';
import { systemSnapshot } from './system/snapshot';
import { ScriptRunner } from './script/runs';
import { UpdateChecks } from './apps/update-checks';
import { AppManager } from './apps/app-manager';
import { liveRestarts } from './apps/restart-scheduler';
import { Catalog } from './apps/catalog';
import { TerminalManager } from './terminals';
import { Settings } from './settings';
import { hfAccountService } from './steps/hf-account-service';
import { offerLauncherPackages } from './script/launcher-packages';
import { createDownloadServices, type DownloadServices } from './steps/downloads';
import { startHomeDownload } from './script/home-download';
import { ModelsService } from './drive/models-service';
import { PortPool, ProcessSupervisor } from './processes';
import { DisplayOwner } from './display';
import { ToolRegistry, assertRequirements, ensureRequiredNode, provisionBin } from './tools';
import { runFailureDiagnoser } from './diagnosis/run-failure';
import { DiagnosisService } from './diagnosis/service';
import type { HomeConfig } from '../shared/config';
import { adoptedDaemon } from './processes/adopted-daemon';
import { clusterStatus, SlurmRunner } from './runners/slurm';
import type { ClusterStatus } from '../shared/cluster';
import { remoteServing } from './apps/remote-serving';
import { portOwnedBy } from './processes/port-owner';
import type { SystemInfo, SystemSnapshot } from '../shared/system';
import { setNetworkSource } from './network';

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
  readonly updateChecks: UpdateChecks;
  readonly catalog: Catalog;
  readonly terminals: TerminalManager;
  /** config.json as the user changes it (settings.set); `config` is the value read at start. */
  readonly settings: Settings;
  /** Download queue and the shared model drive. */
  readonly downloads: DownloadServices;
  /** The model library: list, delete, folder imports, Pinokio homes, app adoption. */
  readonly models: ModelsService;
  readonly supervisor: ProcessSupervisor;
  /** The Slurm runner (runners.slurm in config.json): apps placed on a cluster run as its jobs. */
  readonly slurm: SlurmRunner;
  /** The configured cluster's partitions and nodes, or why they cannot be read. */
  clusterStatus(): Promise<ClusterStatus> {
    return clusterStatus(this.settings.value.runners?.slurm);
  }
  /** The virtual displays (Xvfb) of running apps. */
  readonly displays: DisplayOwner;
  readonly ports: PortPool;
  /** Tools found on this machine (git, python, compilers…); probed once, refreshed on demand. */
  /** Tools as apps find them: Hangar's bin/ (what it provisioned) first, then the server's PATH. */
  readonly tools: ToolRegistry;
  /** Doctor report, failure history and diagnostics bundles. */
  readonly diagnosis: DiagnosisService;
  private readonly startedAt = Date.now();
  private readonly disposers: Array<() => Promise<void> | void> = [];

  private constructor(
    readonly layout: HomeLayout,
    readonly config: HomeConfig,
    readonly system: SystemSnapshot,
    private readonly version: string,
    catalogDir: string | null,
  ) {
    this.settings = new Settings(layout.config, config);
    this.tools = new ToolRegistry({
      searchPath: [layout.bin, process.env.PATH ?? ''].filter(Boolean).join(path.delimiter),
    });
    this.downloads = createDownloadServices(layout, this.bus, () => ({
      hfToken: this.settings.value.hfToken,
      hfEndpoint: this.settings.value.hfEndpoint,
    }));
    // Proxy and bandwidth cap: read by every download, git command and app start when it acts.
    this.disposers.push(
      setNetworkSource(() => ({
        proxy: this.settings.value.proxy,
        noProxy: this.settings.value.noProxy,
        bandwidthLimit: this.settings.value.bandwidthLimit,
      })),
    );
    this.models = new ModelsService({
      home: layout,
      drive: this.downloads.drive,
      bus: this.bus,
      runningApps: async () =>
        (await this.apps.list())
          .filter((a) => ['running', 'starting', 'stopping'].includes(a.state))
          .map((a) => a.name),
    });
    this.ports = new PortPool({
      from: config.portRange.from,
      to: config.portRange.to,
      host: '127.0.0.1',
    });
    const settings = this.settings;
    // The runner reports a daemon's end (exited/crashed) itself, so the supervisor stays quiet.
    this.slurm = new SlurmRunner({ home: layout, config: () => settings.value.runners?.slurm });
    this.supervisor = new ProcessSupervisor({
      home: layout,
      bus: this.bus,
      ports: this.ports,
      runners: { slurm: this.slurm },
      // Read at each stop: a changed stopTimeoutMs applies to the next stop, also of apps already running.
      get graceMs() {
        return settings.value.stopTimeoutMs;
      },
      announce: false,
    });
    this.displays = DisplayOwner.of(this.supervisor);
    this.runner = new ScriptRunner({
      home: layout,
      bus: this.bus,
      system: () => this.system,
      stepServices: () => ({
        supervisor: this.supervisor,
        downloads: this.downloads,
        hfAccount: hfAccountService(this.settings),
      }),
      reservePort: () => this.leasePort(),
      browserUri: (uri) => this.apps.browserUri(uri),
      logLimits: () => this.settings.value.logs,
      requirements: async (requires, system, log) => {
        const PATH = [layout.bin, process.env.PATH ?? ''].join(path.delimiter);
        const env = { ...(process.env as Record<string, string>), PATH };
        await ensureRequiredNode(requires, { binDir: layout.bin, env, log });
        await assertRequirements(requires, system, this.tools);
      },
      diagnose: runFailureDiagnoser(this.tools, layout.root),
    });
    this.diagnosis = new DiagnosisService({
      home: layout,
      runner: this.runner,
      tools: this.tools,
      system: () => this.system,
      version,
      cluster: () => this.clusterStatus(),
    });
    this.catalog = new Catalog(catalogDir);
    this.apps = new AppManager({
      home: layout,
      bus: this.bus,
      runner: this.runner,
      catalog: this.catalog,
      pidsOf: (name) =>
        this.supervisor.list({ app: name }).flatMap((p) => (p.pid === null ? [] : [p.pid])),
      appOrigins: config.appOrigins,
      remote: (name) => remoteServing(this.supervisor, name),
      jobStatus: (name) => this.supervisor.jobStatus(name),
      jobOfRun: (runId) => this.supervisor.jobOfRun(runId),
      stopAppsOnExit: () => this.settings.value.stopAppsOnExit,
      portOwner: (app, port) =>
        portOwnedBy(
          port,
          this.supervisor.list({ app }).flatMap((p) => (p.proc ? [p.proc.token] : [])),
        ),
      keepGenerations: () => this.settings.value.updates.keepGenerations,
      restartBackoff: liveRestarts(() => this.settings.value.restarts),
      gpus: () => this.system.gpus,
    });
    this.terminals = new TerminalManager({
      bus: this.bus,
      shell: config.terminalShell,
      owner: this.supervisor.ownerEnv,
      // Shells run under a keeper and are recorded before they start: they outlive a Hangar restart.
      records: this.supervisor.records,
      keepIn: path.join(layout.state, 'procs'),
    });
    this.own(() => this.downloads.manager.dispose());
    this.own(() => this.models.imports.dispose());
    const keepDaemons = () => !this.settings.value.stopAppsOnExit;
    this.own(() => this.terminals.dispose({ keep: keepDaemons() }));
    this.own(() => this.supervisor.dispose({ keepDaemons: keepDaemons() }));
    this.own(() => this.runner.dispose({ keepDaemons: keepDaemons() }));
    this.own(() => this.apps.dispose());
    this.updateChecks = new UpdateChecks({
      bus: this.bus,
      checkouts: (idle) => this.apps.checkouts(idle),
      launcherFolder: (name) => this.apps.launcherFolder(name),
      intervalSeconds: () => this.settings.value.updates.checkEverySeconds,
      stateFile: path.join(layout.state, 'update-checks.json'),
    });
    this.own(this.settings.onChange(() => this.updateChecks.arm()));
    this.own(() => this.updateChecks.dispose());
  }

  static async create(options: EngineOptions): Promise<Engine> {
    const { layout, config } = await ensureHome(options.home);
    await offerLauncherPackages(layout.root);
    const gpus = await detectGpus();
    const engine = new Engine(
      layout,
      config,
      systemSnapshot(gpus),
      options.version,
      options.catalogDir ?? null,
    );
    // What a previous Hangar left running is settled before app states are read: its apps' serving processes are
    // adopted (their runs, logs and routes come back), everything else of it is stopped, so no app runs twice and
    // none is reported running without a process. A cluster job of a start whose app was not ready yet (still queued)
    // is taken back too: apps.init resumes that start, or ends the job.
    const recovered = await engine.supervisor.recover('adopt');
    await engine.terminals.adopt(
      recovered.flatMap((r) =>
        r.outcome === 'adopted' && r.record.kind === 'terminal' ? [r.record] : [],
      ),
    );
    await engine.displays.sweep();
    // Runs of earlier Hangars stay listed and readable (their logs are on disk); old ones are pruned.
    engine.runner.init();
    const adopted = engine.supervisor
      .list()
      .filter((p) => (p.daemon || p.awaitingReady) && p.alive);
    for (const daemon of adopted)
      await engine.runner.adopt(adoptedDaemon(engine.supervisor, daemon));
    await engine.apps.init(adopted.filter((p) => p.awaitingReady).map((p) => p.runId));
    // A corrupt gpu-pins.json is found (kept aside and reported) at start, not at the first app start.
    await readGpuPins(layout);
    // Apps set to start with Hangar start now that the running ones were adopted (each in the background).
    engine.apps.autostart();
    // "Update available" stays as the last check found it until the next check.
    await engine.updateChecks.load();
    engine.updateChecks.arm();
    // Downloads cut by the previous shutdown (or crash) resume where they stopped.
    await engine.downloads.manager.resumePersisted();
    // Folder imports cut the same way go on, skipping the files they already took.
    await engine.models.imports.resumePersisted();
    // Probing tools takes a moment; do it beside start-up, then pin what was found under bin/.
    const provisioning = engine.tools
      .detect()
      .then((report) => provisionBin(layout.bin, report))
      .catch((error: unknown) => {
        console.error('[tools] could not provision bin/:', error);
      });
    engine.own(() => provisioning.then(() => undefined));
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

  /**
   * A port held for a minute: long enough for the app that asked to bind it, after which the OS itself
   * reports it taken. Reservations are serialised, so concurrent starts get different ports.
   */
  private async leasePort(): Promise<number> {
    const owner = `lease-${++this.leases}`;
    const port = await this.ports.reserve(owner);
    const timer = setTimeout(() => this.ports.release(owner), 60_000);
    timer.unref();
    return port;
  }

  private leases = 0;

  /** Starts a download into the home (api/, drive/ or cache/ only); `dest` is relative to the home. */
  startDownload(request: { url: string; dest: string; sha256?: string }): { id: string } {
    return startHomeDownload(this.layout, this.downloads.manager, request);
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
