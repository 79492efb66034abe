// The product's verbs: install, start, stop, update, roll back and remove apps, and run their scripts. Each verb's
// work lives with its concept (sources, starts, restarts, profiles, installs, updates, views); this file holds the
// app lifecycle that ties them together.
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { isCopiedFolder, type AppDetail, type AppSummary } from '../../shared/app';
import { errorMessage } from '../errors';
import { checkGpuChoice, setGpuPins } from '../system/gpu-pins';
import { appBrowserUri } from './browser-uri';
import { launchOptionsOf, type AppSettings } from './launch-settings';
import { appContext, type AppContext, type AppManagerOptions } from './app-context';
import type { IconFile } from './app-icon';
import { AppInstalls } from './app-installs';
import { AppProfiles, type ServingTarget } from './app-profiles';
import { AppRestarts } from './app-restarts';
import { AppRuns } from './app-runs';
import { pickScript, runMenuScript, runUpdateScript } from './app-scripts';
import { runScriptUri, type UriRun } from './app-run-uri';
import { installFromSource, type InstallRequest } from './app-from-source';
import { installSpace, type InstallSpace } from './install-space';
import { suggestAppName } from './app-name-suggest';
import { settleRecords } from './app-settle';
import { launcherFolderOf } from './folder-snapshot';
import type { Checkout } from './update-checks';
import { AppStarts, type StartedApp } from './app-starts';
import { AppStates } from './app-states';
import { AppStore } from './app-store';
import { AppUpdates, type UpdateOutcome } from './app-updates';
import { keepAside } from './keep-aside';
import { appDetail, appIconFile, appSummary, catalogEntries } from './app-views';

export type { AppManagerOptions } from './app-context';

export class AppManager {
  private readonly ctx: AppContext;
  private readonly offs: Array<() => void> = [];
  private readonly profiles: AppProfiles;
  private readonly restarts: AppRestarts;
  private readonly starts: AppStarts;
  private readonly updates: AppUpdates;
  private readonly installs: AppInstalls;

  constructor(options: AppManagerOptions) {
    const store = new AppStore(options.home);
    const states = new AppStates(store, options.bus);
    const ctx = appContext(options, { store, states, runs: new AppRuns(options.runner) });
    this.ctx = ctx;
    this.profiles = new AppProfiles(ctx);
    this.restarts = new AppRestarts(ctx, (name) => this.start(name));
    this.starts = new AppStarts(ctx, this.profiles, (name) => this.restarts.started(name));
    this.updates = new AppUpdates({
      states,
      record: ctx.record,
      appDir: ctx.appDir,
      assertNoScript: (record, doing) =>
        ctx.runs.assertNoScript(record.name, record.startRunId, doing),
      keepGenerations: () => options.keepGenerations?.() ?? 3,
      runUpdateScript: (name) => runUpdateScript(ctx, name),
      reinstall: (record) => this.installs.begin(record),
      launcherFolder: (record) => launcherFolderOf(options.catalog, record.source),
    });
    this.installs = new AppInstalls({
      states,
      runner: options.runner,
      record: ctx.record,
      find: (name) => store.get(name),
      appDir: ctx.appDir,
      installScript: (name) => pickScript(ctx, name, 'install'),
      failureOf: (error, runId) => ctx.runs.failureOf(error, runId),
      stopRuns: (name) => ctx.runs.stopAll(name),
    });
  }

  /**
   * Loads records. A running app whose serving process the engine adopted stays running (its run, URL and port are
   * back); a starting one whose start run was taken back (a queued cluster job) waits on; runs taken back before
   * their app was ready (`unready`) that no such start claims are stopped. Others are marked for what happened.
   */
  async init(unready: readonly string[] = []): Promise<void> {
    const { store, options } = this.ctx;
    await store.load();
    const resumed = await settleRecords(this.ctx);
    const claimed = new Set(resumed.map((name) => store.get(name)!.startRunId));
    for (const runId of unready) if (!claimed.has(runId)) await options.runner.stop(runId);
    for (const name of resumed)
      this.starts.resume(name).catch((error: unknown) => {
        console.error(`[apps] the start of ${name} resumed after a restart failed:`, error);
      });
    this.offs.push(
      options.bus.on(
        'run:status',
        (event) => void this.restarts.onRunStatus(event.runId, event.status),
      ),
    );
  }

  async list(): Promise<AppSummary[]> {
    const entries = catalogEntries(this.ctx);
    return Promise.all(this.ctx.store.list().map((r) => appSummary(this.ctx, r, entries)));
  }

  get(name: string): Promise<AppDetail> {
    return appDetail(this.ctx, name);
  }

  /** Fetches the source into api/<name>, then runs its install script in the background; `force` skips the disk check. */
  install(request: InstallRequest): Promise<{ name: string; runId: string | null }> {
    return installFromSource(
      this.ctx,
      { installs: this.installs, profiles: this.profiles },
      request,
    );
  }

  /** What a catalog entry says the install needs on disk, and what the apps folder's disk has free. */
  async installSpace(source: string): Promise<InstallSpace> {
    return installSpace(
      this.ctx.options.home.api,
      (await this.ctx.options.catalog.get(source)) ?? null,
    );
  }

  /** The name a source would install under by default, from its launcher's title when it is a local folder. */
  suggestName(source: string): ReturnType<typeof suggestAppName> {
    return suggestAppName(this.ctx, source);
  }

  /** Runs the start script and resolves once the app answers (captured URL or HTTP on its port); a second call joins the first. */
  start(name: string, timeoutMs?: number): Promise<StartedApp> {
    return this.starts.start(name, timeoutMs);
  }

  async stop(name: string): Promise<{ name: string; state: string }> {
    const { states, runs } = this.ctx;
    this.restarts.cancel(name);
    let record = this.ctx.record(name);
    if (['stopped', 'installed', 'not-installed', 'install-failed'].includes(record.state)) {
      // Scripts started from the menu run beside an idle app: Stop ends them too.
      await runs.stopAll(name);
      return { name, state: record.state };
    }
    if (record.state === 'installing') return this.installs.cancel(record);
    record = await states.move(record, 'stopping');
    await runs.stopAll(name);
    record = await states.move(this.ctx.record(name), 'stopped', { startRunId: null });
    return { name, state: record.state };
  }

  /** Pulls the latest launcher (and runs its update script), recording the commit it replaces; a failed update rolls back by itself. */
  update(name: string): Promise<UpdateOutcome> {
    return this.updates.update(name);
  }

  /** Returns the app to its previous generation (and forward again on a second call), re-installing across an install-script change. */
  rollback(name: string): ReturnType<AppUpdates['rollback']> {
    return this.updates.rollback(name);
  }

  /** Stops the app and deletes its folder (or moves it aside with keepData); models in the drive stay. */
  async remove(name: string, keepData = false): Promise<{ name: string; keptAt: string | null }> {
    const { states, runs, options } = this.ctx;
    const dir = this.ctx.appDir(name);
    let record = this.ctx.record(name);
    states.assertIdle(record);
    const installed = record.state !== 'not-installed' && record.state !== 'install-failed';
    record = await states.move(record, 'removing');
    this.restarts.cancel(name);
    let keptAt: string | null = null;
    try {
      await runs.stopAll(name);
      if (keepData) {
        keptAt = await keepAside(
          dir,
          path.join(options.home.cache, 'removed', `${name}-${Date.now()}`),
        );
      } else {
        await rm(dir, { recursive: true, force: true });
      }
    } catch (error) {
      await states.move(this.ctx.record(name), installed ? 'stopped' : 'install-failed', {
        error: { message: `removing ${name} failed: ${errorMessage(error)}` },
      });
      throw error;
    }
    await states.move(this.ctx.record(name), 'not-installed');
    this.profiles.forget(name);
    return { name, keptAt };
  }

  /** Runs any script of the app (a menu href), e.g. `reset.js`; returns its run id at once. */
  runScript(
    name: string,
    script: string,
    params?: Record<string, unknown>,
  ): Promise<{ runId: string }> {
    return runMenuScript(this.ctx, this.installs, this.starts, name, script, params);
  }

  /** Runs a script by URI: relative to `app`'s folder, absolute inside the home, or a git URL with a file path. */
  runUri(
    uri: string,
    options: { app?: string; params?: Record<string, unknown> },
  ): Promise<UriRun> {
    return runScriptUri(this.ctx, this.installs, this.starts, uri, options);
  }

  /** Per-app settings: restart policy, GPU pinning and launch options (applied at the next start). */
  async configure(name: string, settings: AppSettings): Promise<AppDetail> {
    const record = this.ctx.record(name);
    if (settings.gpus) checkGpuChoice(settings.gpus, this.ctx.options.gpus?.() ?? []);
    const launch = launchOptionsOf(record.launch, settings);
    const restart = settings.restart ?? record.restart;
    await this.ctx.store.put({ ...record, launch, ...(restart ? { restart } : {}) });
    if (settings.gpus !== undefined) await setGpuPins(this.ctx.options.home, name, settings.gpus);
    return this.get(name);
  }

  /** Starts the apps whose launch options say so (at Hangar's start, after running apps were adopted). */
  autostart(): void {
    for (const record of this.ctx.store.list()) {
      if (!record.launch?.autostart || !['installed', 'stopped', 'failed'].includes(record.state))
        continue;
      this.start(record.name).catch((error: unknown) => {
        // The failure is on the app's card (state failed, with its log); the server log says it was the autostart.
        console.error(`[apps] autostart of ${record.name} failed:`, error);
      });
    }
  }

  /** The icon file the app's launcher names (an image inside its folder), or null. */
  iconFile(name: string): Promise<IconFile | null> {
    return appIconFile(this.ctx, name);
  }

  /** A running app's loopback URL as the browser reaches it (`/apps/<name>/…`); any other URL unchanged. */
  browserUri(uri: string): string {
    return appBrowserUri(uri, this.ctx.store.list());
  }

  /** Whether Hangar has an app of that name (in any state). */
  isInstalled(name: string): boolean {
    return this.ctx.store.has(name);
  }

  /**
   * The installed apps with a history (clones, and copies of a folder), with their folders; `idle` leaves out those
   * installing, updating or removing.
   */
  checkouts(idle = false): Checkout[] {
    const busy = new Set(['installing', 'updating', 'removing']);
    return this.ctx.store
      .list()
      .filter((r) => r.commit !== null && !(idle && busy.has(r.state)))
      .map((r) => ({
        name: r.name,
        dir: this.ctx.appDir(r.name),
        ...(isCopiedFolder(r.source) ? { copied: true } : {}),
      }));
  }

  /** Where the folder an app was copied from is now (a bundled launcher where this Hangar ships it); null for a clone. */
  launcherFolder(name: string): Promise<string | null> {
    return launcherFolderOf(this.ctx.options.catalog, this.ctx.record(name).source);
  }

  /** The names of the installed apps (the proxy maps origin labels back to them). */
  names(): Iterable<string> {
    return this.ctx.store.names();
  }

  /** The proxy's view: the port and profile of a running app, or null. */
  proxyTarget(name: string): ServingTarget | null {
    return this.profiles.proxyTarget(name);
  }

  /**
   * A graceful shutdown stops the apps (in parallel, each with its stop grace) and leaves apps.json saying so,
   * so the next start reports nothing that did not happen.
   */
  async dispose(): Promise<void> {
    this.restarts.dispose();
    // Apps left running on purpose stay recorded as running: the next Hangar adopts them.
    const active =
      this.ctx.options.stopAppsOnExit?.() === false
        ? []
        : this.ctx.store.list().filter((r) => r.state === 'running' || r.state === 'starting');
    await Promise.all(
      active.map((r) =>
        this.stop(r.name).catch((error: unknown) => {
          console.error(`[apps] could not stop ${r.name} at shutdown:`, error);
        }),
      ),
    );
    this.offs.forEach((off) => off());
  }
}
