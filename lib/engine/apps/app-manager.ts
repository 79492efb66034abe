// The product's verbs: install, start, stop, update, roll back and remove apps, and run their scripts.
import { rm, mkdir, rename } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { AppDetail, AppFailure, AppSummary } from '../../shared/app';
import {
  effectiveProfile,
  parseProxyProfile,
  rootPathInjection,
  type ProxyProfile,
} from '../../shared/proxy-profile';
import type { AppOriginMode } from '../../shared/app-origin';
import { EngineError, errorMessage, isEngineError } from '../errors';
import type { EventBus } from '../events';
import type { HomeLayout } from '../home';
import { loadLauncher, launcherRoot } from '../launcher';
import type { ScriptRunner } from '../script/runs';
import { resolveInside } from '../script/safe-path';
import { assertAppName, deriveAppName } from './app-name';
import { acquireSource, classifySource } from './app-source';
import { AppStates } from './app-states';
import { AppInstalls, installFailedConflict } from './app-installs';
import { AppUpdates, generationsOf, recoverInterrupted } from './app-updates';
import { AppStore, type AppRecord } from './app-store';
import type { Catalog } from './catalog';
import { urlFromLocal, waitUntilReady } from './readiness';
import { conventionalScript, defaultScriptOf } from './script-pick';
import { RestartScheduler, type RestartSchedulerOptions } from './restart-scheduler';
import { appGpuMemory } from '../system/gpu-usage';
import { gpuEnvFor, readGpuPins, setGpuPins } from '../system/gpu-pins';
import { appPin } from '../repo-pins';
import { findAppIcon, type IconFile } from './app-icon';

export interface AppManagerOptions {
  home: HomeLayout;
  bus: EventBus;
  runner: ScriptRunner;
  catalog: Catalog;
  /** Default time a start may take before it fails (ms). */
  startTimeoutMs?: number;
  /** Backoff of the on-failure restart policy (tests shorten it). */
  restartBackoff?: RestartSchedulerOptions;
  /** Pids of the app's running processes (for its GPU memory). */
  pidsOf?: (name: string) => number[];
  /** config.json's `appOrigins` as read at start: `path` serves every `origin`-mode app under /apps/<name>/. */
  appOrigins?: AppOriginMode;
  /** Whether the program listening on `port` is `app`'s own (see readiness); null when it cannot be told. */
  portOwner?: (
    app: string,
    port: number,
  ) => Promise<{ owned: boolean; owner: { pid: number; command: string | null } } | null>;
  /** config.json's `stopAppsOnExit` (default true): a graceful Hangar stop also stops the apps. */
  stopAppsOnExit?: boolean;
  /** `updates.keepGenerations` as set now (default 3). */
  keepGenerations?: () => number;
}

export class AppManager {
  private readonly store: AppStore;
  private readonly states: AppStates;
  private readonly offs: Array<() => void> = [];
  private readonly profiles = new Map<string, ProxyProfile>();
  private readonly restarts: RestartScheduler;
  private readonly updates: AppUpdates;
  private readonly installs: AppInstalls;
  /** Starts under way: a second Start joins the first. */
  private readonly starts = new Map<
    string,
    Promise<{ url: string; port: number; runId: string }>
  >();

  constructor(private readonly options: AppManagerOptions) {
    this.store = new AppStore(options.home);
    this.states = new AppStates(this.store, options.bus);
    this.restarts = new RestartScheduler(options.restartBackoff);
    this.updates = new AppUpdates({
      states: this.states,
      record: (name) => this.mustGet(name),
      appDir: (name) => this.appDir(name),
      keepGenerations: () => options.keepGenerations?.() ?? 3,
      runUpdateScript: (name) => this.runUpdateScript(name),
      reinstall: (record) => this.installs.begin(record),
    });
    this.installs = new AppInstalls({
      states: this.states,
      runner: options.runner,
      record: (name) => this.mustGet(name),
      find: (name) => this.store.get(name),
      appDir: (name) => this.appDir(name),
      installScript: (name) => this.pickScript(name, 'install'),
      failureOf: (error, runId) => this.failureOf(error, runId),
      stopRuns: (name) => this.stopRuns(name),
    });
  }

  /**
   * Loads records. A running app whose serving process the engine adopted stays running (its run, URL and port are
   * back); apps that were busy, or whose process is gone, are marked for what happened.
   */
  async init(): Promise<void> {
    await this.store.load();
    for (const record of this.store.list()) {
      if (
        record.state === 'running' &&
        record.startRunId !== null &&
        this.isLiveRun(record.startRunId)
      )
        continue;
      if (['running', 'starting', 'stopping'].includes(record.state)) {
        if (record.startRunId !== null && this.isLiveRun(record.startRunId))
          await this.options.runner.stop(record.startRunId);
        await this.store.put({
          ...record,
          state: 'stopped',
          url: null,
          port: null,
          startRunId: null,
          error: {
            message:
              'Hangar restarted while the app was starting or its process had ended; start it again.',
          },
        });
      } else if (
        record.state === 'installing' ||
        record.state === 'updating' ||
        record.state === 'removing'
      ) {
        await this.store.put(await recoverInterrupted(record, this.appDir(record.name)));
      }
    }
    this.offs.push(
      this.options.bus.on(
        'run:status',
        (event) => void this.onRunStatus(event.runId, event.status),
      ),
    );
  }

  async list(): Promise<AppSummary[]> {
    return Promise.all(this.store.list().map((r) => this.summary(r)));
  }

  async get(name: string): Promise<AppDetail> {
    const record = this.mustGet(name);
    const dir = this.appDir(name);
    const launcher = await loadLauncher(dir, this.options.runner);
    const pids = record.state === 'running' ? (this.options.pidsOf?.(name) ?? []) : [];
    return {
      ...(await this.summary(record)),
      restart: record.restart ?? 'never',
      generations: generationsOf(record),
      gpus: (await readGpuPins(this.options.home))[name] ?? null,
      pin: await appPin(this.options.home, name),
      gpuMemoryMiB: pids.length > 0 ? await appGpuMemory(pids) : null,
      menu: await launcher.menu(),
      scripts: launcher.scripts,
      runs: this.options.runner.list({ app: name }).map((r) => ({
        runId: r.runId,
        script: path.relative(launcher.dir, r.script),
        status: r.status,
        startedAt: r.startedAt,
      })),
    };
  }

  /** Fetches the source into api/<name>, then runs its install script in the background. */
  async install(
    source: string,
    requestedName?: string,
  ): Promise<{ name: string; runId: string | null }> {
    const entry = await this.options.catalog.get(source);
    const location = entry ? this.options.catalog.sourceOf(entry) : source;
    const name = assertAppName(requestedName ?? entry?.id ?? deriveAppName(location));
    const existing = this.store.get(name);
    const sameSource =
      existing &&
      [existing.source.location, existing.source.catalogId].some(
        (known) => known === source || known === path.resolve(source),
      );
    // An install that failed (or was cancelled) runs again in place: its files are already there.
    if (existing?.state === 'install-failed' && sameSource)
      return { name, runId: await this.installs.begin(existing) };
    if (existing || existsSync(this.appDir(name))) {
      throw new EngineError(
        'app_exists',
        `an app named ${name} already exists; choose another name`,
        { details: { name } },
      );
    }
    const classified = await classifySource(location);
    const appSource = entry
      ? { ...classified, kind: 'catalog' as const, catalogId: entry.id }
      : classified;
    if (entry?.proxy) this.profiles.set(name, entry.proxy);
    const { commit } = await acquireSource(classified, this.appDir(name), (dir) =>
      this.assertLauncher(dir, location),
    );
    const now = Date.now();
    const record: AppRecord = {
      name,
      state: 'not-installed',
      source: appSource,
      commit,
      previousCommit: null,
      url: null,
      port: null,
      error: null,
      startRunId: null,
      installedAt: now,
      updatedAt: now,
      generations: [],
      lastInstall: null,
    };
    await this.store.put(record);
    return { name, runId: await this.installs.begin(record) };
  }

  /** Runs the start script and resolves once the app answers (captured URL or HTTP on its port); a second call joins the first. */
  start(
    name: string,
    timeoutMs = this.options.startTimeoutMs ?? 120_000,
  ): Promise<{ url: string; port: number; runId: string }> {
    const joined = this.starts.get(name);
    if (joined) return joined;
    const started = this.startOnce(name, timeoutMs).finally(() => this.starts.delete(name));
    this.starts.set(name, started);
    return started;
  }

  private async startOnce(
    name: string,
    timeoutMs: number,
  ): Promise<{ url: string; port: number; runId: string }> {
    let record = this.mustGet(name);
    if (record.state === 'running' && record.port !== null && record.startRunId)
      return { url: this.publicUrl(name), port: record.port, runId: record.startRunId };
    this.states.assertIdle(record);
    if (record.state === 'not-installed')
      throw new EngineError('conflict', `${name} is not installed`, { details: { name } });
    if (record.state === 'install-failed') throw installFailedConflict(record);
    const script = await this.pickScript(name, 'start');
    if (!script)
      throw new EngineError(
        'not_found',
        `${name} has no start script (start.js or a default menu item)`,
        { details: { name } },
      );
    record = await this.states.move(record, 'starting', { error: null });
    const injection = rootPathInjection(
      effectiveProfile(await this.profileOf(name), this.options.appOrigins ?? 'origin'),
      name,
    );
    const env = {
      ...(await gpuEnvFor(this.options.home, name)),
      ...injection.env,
      HANGAR_BASE_PATH: injection.base,
      HANGAR_ROOT_PATH_ARGS: injection.args.join(' '),
    };
    // A port taken between its choice and the app's bind gets one more try, on another port.
    for (let attempt = 1; ; attempt++) {
      const { runId } = await this.options.runner.start(script, {
        app: name,
        appDir: this.appDir(name),
        env,
        serverArgs: injection.args,
      });
      record = await this.states.move(this.mustGet(name), 'starting', { startRunId: runId });
      try {
        const ready = await waitUntilReady(
          {
            capturedUrl: () => urlFromLocal(this.options.runner.localOf(script)),
            runStatus: () => this.options.runner.get(runId).status,
            declaredPort: () => null,
            lastLines: () => this.lastLines(runId),
            portOwner: (port) => this.options.portOwner?.(name, port) ?? Promise.resolve(null),
          },
          timeoutMs,
        );
        record = this.mustGet(name);
        await this.states.move(record, 'running', {
          url: ready.url,
          port: ready.port,
          startRunId: runId,
        });
        this.restarts.started(name);
        return { url: this.publicUrl(name), port: ready.port, runId };
      } catch (error) {
        const retry = attempt === 1 && this.portConflict(error, runId);
        if (retry)
          this.options.runner.note(
            runId,
            `\nThe app's port was taken by another program before the app could bind it; starting once more on another port.\n`,
          );
        await this.stopRuns(name);
        if (retry) continue;
        const failure = this.failureOf(error, runId);
        await this.states.move(this.mustGet(name), 'failed', { error: failure, startRunId: null });
        throw new EngineError(
          isEngineError(error) ? error.code : 'step_failed',
          `${name} failed to start: ${failure.message}`,
          { details: { name, runId, lastLines: failure.lastLines } },
        );
      }
    }
  }

  /** A start that failed on its port: another program answered there, or the app could not bind it. */
  private portConflict(error: unknown, runId: string): boolean {
    if (isEngineError(error) && error.code === 'port_in_use') return true;
    try {
      return this.options.runner.get(runId).error?.diagnosis?.id === 'port_in_use';
    } catch (lookup) {
      // The run is gone: nothing says it was the port.
      void lookup;
      return false;
    }
  }

  async stop(name: string): Promise<{ name: string; state: string }> {
    this.restarts.cancel(name);
    let record = this.mustGet(name);
    if (['stopped', 'installed', 'not-installed', 'install-failed'].includes(record.state))
      return { name, state: record.state };
    if (record.state === 'installing') return this.installs.cancel(record);
    record = await this.states.move(record, 'stopping');
    await this.stopRuns(name);
    record = await this.states.move(this.mustGet(name), 'stopped', { startRunId: null });
    return { name, state: record.state };
  }

  /** Pulls the latest launcher (and runs its update script), recording the commit it replaces; a failed update rolls back by itself. */
  update(
    name: string,
  ): Promise<{ name: string; commit: string | null; previousCommit: string | null }> {
    return this.updates.update(name);
  }

  /** Returns the app to its previous generation (and forward again on a second call), re-installing across an install-script change. */
  rollback(name: string): Promise<{
    name: string;
    commit: string;
    previousCommit: string | null;
    runId: string | null;
  }> {
    return this.updates.rollback(name);
  }

  /** Stops the app and deletes its folder (or moves it aside with keepData); models in the drive stay. */
  async remove(name: string, keepData = false): Promise<{ name: string; keptAt: string | null }> {
    let record = this.mustGet(name);
    this.states.assertIdle(record);
    const installed = record.state !== 'not-installed' && record.state !== 'install-failed';
    record = await this.states.move(record, 'removing');
    this.restarts.cancel(name);
    let keptAt: string | null = null;
    try {
      await this.stopRuns(name);
      if (keepData) {
        keptAt = path.join(this.options.home.cache, 'removed', `${name}-${Date.now()}`);
        await mkdir(path.dirname(keptAt), { recursive: true });
        await rename(this.appDir(name), keptAt);
      } else {
        await rm(this.appDir(name), { recursive: true, force: true });
      }
    } catch (error) {
      await this.states.move(this.mustGet(name), installed ? 'stopped' : 'install-failed', {
        error: { message: `removing ${name} failed: ${errorMessage(error)}` },
      });
      throw error;
    }
    await this.states.move(this.mustGet(name), 'not-installed');
    this.profiles.delete(name);
    return { name, keptAt };
  }

  /** Runs any script of the app (a menu href), e.g. `reset.js`; returns its run id at once. */
  async runScript(
    name: string,
    script: string,
    params?: Record<string, unknown>,
  ): Promise<{ runId: string }> {
    this.mustGet(name);
    const root = launcherRoot(this.appDir(name));
    const file = resolveInside(script, {
      base: root,
      allowed: [this.appDir(name)],
      param: 'script',
    });
    if (!existsSync(file))
      throw new EngineError('not_found', `${name} has no script ${script}`, {
        details: { name, script },
      });
    const record = this.mustGet(name);
    const launcherDir = (await loadLauncher(this.appDir(name), this.options.runner)).dir;
    if (file === conventionalScript('install', launcherDir)) {
      // The install script from the menu is an install: it moves the state like apps.install.
      this.states.assertIdle(record);
      if (record.state === 'running')
        throw new EngineError('app_busy', `${name} is running; stop it before installing again`, {
          details: { name },
        });
      return { runId: (await this.installs.begin(record, file, params))! };
    }
    if (record.state === 'install-failed' && file === conventionalScript('start', launcherDir))
      throw installFailedConflict(record);
    const { runId } = await this.options.runner.start(file, {
      app: name,
      appDir: this.appDir(name),
      params: params ?? {},
    });
    return { runId };
  }

  /** Per-app settings: restart policy and GPU pinning (applied at the next start). */
  async configure(
    name: string,
    settings: { restart?: 'never' | 'on-failure'; gpus?: number[] | null },
  ): Promise<AppDetail> {
    const record = this.mustGet(name);
    if (settings.restart !== undefined)
      await this.store.put({ ...record, restart: settings.restart });
    if (settings.gpus !== undefined) await setGpuPins(this.options.home, name, settings.gpus);
    return this.get(name);
  }

  /** The icon file the app's launcher names (an image inside its folder), or null. */
  async iconFile(name: string): Promise<IconFile | null> {
    if (!this.store.get(name)) return null;
    const dir = this.appDir(name);
    try {
      const launcher = await loadLauncher(dir, this.options.runner);
      return await findAppIcon(launcher.dir, dir, launcher.meta.icon);
    } catch (error) {
      // A launcher that cannot be read has no icon to show (its card says why).
      if (isEngineError(error)) return null;
      throw error;
    }
  }

  /** The names of the installed apps (the proxy maps origin labels back to them). */
  names(): Iterable<string> {
    return this.store.names();
  }

  /** The proxy's view: the port and profile of a running app, or null. */
  proxyTarget(name: string): { port: number; profile: ProxyProfile } | null {
    const record = this.store.get(name);
    if (!record || record.state !== 'running' || record.port === null) return null;
    return {
      port: record.port,
      profile: effectiveProfile(
        this.profiles.get(name) ?? parseProxyProfile({}),
        this.options.appOrigins ?? 'origin',
      ),
    };
  }

  /**
   * A graceful shutdown stops the apps (in parallel, each with its stop grace) and leaves apps.json saying so,
   * so the next start reports nothing that did not happen.
   */
  async dispose(): Promise<void> {
    this.restarts.dispose();
    // Apps left running on purpose stay recorded as running: the next Hangar adopts them.
    const active =
      this.options.stopAppsOnExit === false
        ? []
        : this.store.list().filter((r) => r.state === 'running' || r.state === 'starting');
    await Promise.all(
      active.map((r) =>
        this.stop(r.name).catch((error: unknown) => {
          console.error(`[apps] could not stop ${r.name} at shutdown:`, error);
        }),
      ),
    );
    this.offs.forEach((off) => off());
  }

  /** A launcher has pinokio.js/json or a conventional install/start script, and its metadata loads. */
  private async assertLauncher(dir: string, source: string): Promise<void> {
    const launcher = await loadLauncher(dir, this.options.runner);
    const hasConfig = ['pinokio.js', 'pinokio.json'].some((f) =>
      existsSync(path.join(launcher.dir, f)),
    );
    if (
      !hasConfig &&
      !conventionalScript('install', launcher.dir) &&
      !conventionalScript('start', launcher.dir)
    ) {
      throw new EngineError(
        'not_a_launcher',
        `${source} is not a Pinokio launcher: it has no pinokio.js, pinokio.json, install.js or start.js`,
        { details: { source } },
      );
    }
  }

  /** Runs the app's update script, if it has one, to its end. */
  private async runUpdateScript(name: string): Promise<void> {
    const script = await this.pickScript(name, 'update');
    if (!script) return;
    const { done } = await this.options.runner.start(script, {
      app: name,
      appDir: this.appDir(name),
    });
    const outcome = await done;
    if (outcome.status !== 'finished')
      throw new EngineError(
        'step_failed',
        `update script ${outcome.status}: ${outcome.error?.message ?? ''}`,
        { details: { lastLines: outcome.error?.lastLines } },
      );
  }

  /** A running app whose start run ended is no longer running: crashed (failed) or exited (stopped). */
  private async onRunStatus(runId: string, status: string): Promise<void> {
    const record = this.store.list().find((r) => r.startRunId === runId);
    if (!record || record.state !== 'running') return;
    if (!['failed', 'crashed', 'exited', 'stopped', 'finished'].includes(status)) return;
    const unexpected = status !== 'stopped';
    if (!unexpected) {
      await this.states.move(record, 'stopped', { startRunId: null, error: null });
      return;
    }
    const failure = this.failureOf(new Error(`the app stopped unexpectedly (${status})`), runId);
    await this.states.move(record, 'failed', { startRunId: null, error: failure });
    if (record.restart !== 'on-failure') return;
    const delay = this.restarts.schedule(record.name, () => this.start(record.name));
    if (delay === null) {
      await this.states.move(this.mustGet(record.name), 'failed', {
        error: {
          ...failure,
          message: `${failure.message}; gave up restarting after repeated failures`,
        },
      });
    }
  }

  private async stopRuns(name: string): Promise<void> {
    const live = this.options.runner
      .list({ app: name })
      .filter((r) => !['finished', 'failed', 'stopped', 'exited', 'crashed'].includes(r.status));
    await Promise.all(live.map((r) => this.options.runner.stop(r.runId)));
  }

  private async pickScript(
    name: string,
    role: 'install' | 'start' | 'update',
  ): Promise<string | null> {
    const launcher = await loadLauncher(this.appDir(name), this.options.runner);
    if (role !== 'update') {
      const fromMenu = defaultScriptOf(await launcher.menu(), launcher.dir);
      const wanted = conventionalScript(role, launcher.dir);
      if (fromMenu && (!wanted || path.basename(fromMenu).startsWith(role))) return fromMenu;
      return wanted ?? fromMenu;
    }
    return conventionalScript(role, launcher.dir);
  }

  private async profileOf(name: string): Promise<ProxyProfile> {
    const known = this.profiles.get(name);
    if (known) return known;
    const record = this.mustGet(name);
    let profile = parseProxyProfile({});
    if (record.source.kind === 'catalog' && record.source.catalogId) {
      const entry = await this.options.catalog.get(record.source.catalogId);
      if (entry?.proxy) profile = entry.proxy;
    } else {
      const launcher = await loadLauncher(this.appDir(name), this.options.runner);
      const declared = launcher.meta.proxy;
      if (declared !== undefined) profile = parseProxyProfile(declared);
    }
    this.profiles.set(name, profile);
    return profile;
  }

  private async summary(record: AppRecord): Promise<AppSummary> {
    let meta: Record<string, unknown> = {};
    try {
      meta = (await loadLauncher(this.appDir(record.name), this.options.runner)).meta;
    } catch (error) {
      meta = { description: `launcher unreadable: ${errorMessage(error)}` };
    }
    return {
      name: record.name,
      title: typeof meta.title === 'string' ? meta.title : record.name,
      description: typeof meta.description === 'string' ? meta.description : '',
      icon: typeof meta.icon === 'string' ? meta.icon : null,
      state: record.state,
      url: record.state === 'running' ? this.publicUrl(record.name) : null,
      port: record.state === 'running' ? record.port : null,
      source: record.source,
      commit: record.commit,
      previousCommit: record.previousCommit,
      error: record.error,
      installedAt: record.installedAt,
      updatedAt: record.updatedAt,
    };
  }

  private failureOf(error: unknown, runId: string | null): AppFailure {
    const details = isEngineError(error) ? error.details : undefined;
    const lastLines = Array.isArray(details?.lastLines)
      ? (details.lastLines as string[])
      : runId
        ? this.lastLines(runId)
        : [];
    const runError = runId ? this.safeRun(runId)?.error : null;
    return {
      message: errorMessage(error),
      step: runError?.step,
      lastLines,
      runId: runId ?? undefined,
    };
  }

  private safeRun(runId: string) {
    try {
      return this.options.runner.get(runId);
    } catch {
      // The run was pruned from the runner's history: no details left.
      return null;
    }
  }

  private isLiveRun(runId: string): boolean {
    try {
      return this.options.runner.get(runId).status === 'running';
    } catch (error) {
      // An unknown run (the Hangar that started it is gone and nothing adopted it) is no live run.
      if (isEngineError(error)) return false;
      throw error;
    }
  }

  private lastLines(runId: string): string[] {
    try {
      const page = this.options.runner.logs(runId, { limit: 200 });
      const text = page.entries.map((e) => e.data).join('');
      return text
        .replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '')
        .split(/\r?\n/)
        .map((l) => l.trimEnd())
        .filter(Boolean)
        .slice(-20);
    } catch {
      // The run is gone: no lines to show.
      return [];
    }
  }

  private publicUrl(name: string): string {
    return `/apps/${name}/`;
  }

  private appDir(name: string): string {
    return path.join(this.options.home.api, name);
  }

  private mustGet(name: string): AppRecord {
    const record = this.store.get(name);
    if (!record)
      throw new EngineError('app_not_found', `no app named ${name}`, { details: { name } });
    return record;
  }
}
