// Starting an app: its start script with its launch options, GPU pins and base path in its env, until it answers (captured URL or
// HTTP on its port); one more try on another port when its port was taken; a second Start joins the first.
import { LOCAL_PLACEMENT, type Placement } from '../../shared/placement';
import { EngineError, isEngineError } from '../errors';
import { gpuEnvFor } from '../system/gpu-pins';
import { publicUrl, type AppContext } from './app-context';
import { installFailedConflict } from './app-installs';
import type { AppProfiles } from './app-profiles';
import { pickScript } from './app-scripts';
import { urlFromLocal, waitUntilReady, type Ready } from './readiness';
import { loopbackUrlOf, watchMenuUrl } from './menu-url';
import { loadLauncher } from '../launcher';

/** How long a menu run is watched for a URL that makes it the app's server (it may load models first). */
const MENU_RUN_WATCH_MS = 60 * 60 * 1000;
/** How often the menu is read for the app's link while a menu run is watched. */
const MENU_POLL_MS = 1000;

/** Said in the log when a start is tried once more because its port was taken. */
const RETRY_NOTE =
  "The app's port was taken by another program before the app could bind it; starting once more on another port.";

export interface StartedApp {
  url: string;
  port: number;
  runId: string;
}

export class AppStarts {
  /** Starts under way: a second Start joins the first. */
  private readonly starts = new Map<string, Promise<StartedApp>>();

  constructor(
    private readonly ctx: AppContext,
    private readonly profiles: AppProfiles,
    /** Called once the app answers (the restart policy counts from there). */
    private readonly onRunning: (name: string) => void,
  ) {}

  start(name: string, timeoutMs = this.ctx.options.startTimeoutMs ?? 120_000): Promise<StartedApp> {
    const joined = this.starts.get(name);
    if (joined) return joined;
    const started = this.startOnce(name, timeoutMs).finally(() => this.starts.delete(name));
    this.starts.set(name, started);
    return started;
  }

  /**
   * What a run that may serve the app gets: the drive profile's model folders, its launch options' environment, its
   * GPU pins, its base path and the proxy profile's variables (these last, so the proxy keeps working); the
   * profile's arguments, the drive's, then the app's own.
   */
  async serverEnv(name: string): Promise<{
    env: Record<string, string>;
    serverArgs: string[];
    port?: number;
    placement: Placement;
  }> {
    const injection = await this.profiles.injection(name);
    const drive = await this.profiles.driveInjection(name);
    const launch = this.ctx.record(name).launch;
    const env = {
      ...drive.env,
      ...launch?.env,
      ...(await gpuEnvFor(this.ctx.options.home, name, this.ctx.options.gpus?.() ?? [])),
      ...injection.env,
      HANGAR_BASE_PATH: injection.base,
      HANGAR_ROOT_PATH_ARGS: injection.args.join(' '),
    };
    const serverArgs = [...injection.args, ...drive.args, ...(launch?.args ?? [])];
    return {
      env,
      serverArgs,
      ...(launch?.port ? { port: launch.port } : {}),
      placement: launch?.placement ?? LOCAL_PLACEMENT,
    };
  }

  /**
   * A menu script started while the app was idle may be its server (a launcher's "Run Default" daemon instead of a
   * start script): once it captures a URL that answers from the app's own processes, the app is running with that
   * run as its start, so the proxy serves it and Stop ends it. A script that ends without one changes nothing.
   */
  async serveFromMenuRun(name: string, file: string, runId: string): Promise<void> {
    const { ctx } = this;
    const { runner } = ctx.options;
    // Launchers that keep the URL in a file of their own offer it in their menu while the script runs.
    const menu = watchMenuUrl(() => this.menuUrl(name), MENU_POLL_MS);
    let ready: Ready | null = null;
    let noted = false;
    try {
      while (!ready) {
        try {
          ready = await waitUntilReady(
            {
              capturedUrl: () => urlFromLocal(runner.localOf(file)) ?? menu.url(),
              runStatus: () => runner.get(runId).status,
              declaredPort: () => null,
              lastLines: () => ctx.runs.lastLines(runId),
              portOwner: (port) => ctx.options.portOwner?.(name, port) ?? Promise.resolve(null),
              requireOwner: true,
            },
            MENU_RUN_WATCH_MS,
          );
        } catch (error) {
          // Ended without serving (a plain script): the app stays as it was. A URL that answers from another
          // program is not the app's (yet: a menu's fallback link may change once the script writes its own).
          if (!isEngineError(error) || error.code !== 'port_in_use') return;
          if (!noted) runner.note(runId, `\n${error.message}\n`);
          noted = true;
          await new Promise((resolve) => setTimeout(resolve, MENU_POLL_MS));
        }
      }
    } finally {
      menu.stop();
    }
    const record = ctx.record(name);
    if (!['installed', 'stopped', 'failed'].includes(record.state) || this.starts.has(name)) return;
    if (runner.get(runId).status !== 'running') return;
    await ctx.states.move(record, 'starting', { error: null, startRunId: runId });
    await ctx.states.move(ctx.record(name), 'running', {
      url: ready.url,
      port: ready.port,
      startRunId: runId,
    });
    this.onRunning(name);
  }

  /**
   * After a restart: a start whose serving command outlived the Hangar that began it (a cluster job still queued, or
   * running before its app answered) waits on for the app, in state starting; a second Start joins it.
   */
  resume(
    name: string,
    timeoutMs = this.ctx.options.startTimeoutMs ?? 120_000,
  ): Promise<StartedApp> {
    const joined = this.starts.get(name);
    if (joined) return joined;
    const resumed = this.resumeOnce(name, timeoutMs).finally(() => this.starts.delete(name));
    this.starts.set(name, resumed);
    return resumed;
  }

  private async resumeOnce(name: string, timeoutMs: number): Promise<StartedApp> {
    const { ctx } = this;
    const { runner } = ctx.options;
    const runId = ctx.record(name).startRunId!;
    try {
      const remote = (ctx.options.remote?.(name) ?? null) !== null;
      const ready = await this.ready(name, runner.get(runId).script, runId, remote, timeoutMs);
      // Its command is the app's serving process from here on (re-attached as running after another restart).
      await runner.ready(runId);
      await ctx.states.move(ctx.record(name), 'running', {
        url: ready.url,
        port: ready.port,
        startRunId: runId,
      });
      this.onRunning(name);
      return { url: publicUrl(name), port: ready.port, runId };
    } catch (error) {
      await ctx.runs.stopAll(name);
      const failure = ctx.runs.failureOf(error, runId);
      await ctx.states.move(ctx.record(name), 'failed', { error: failure, startRunId: null });
      throw error;
    }
  }

  /** Waits until the start run's app answers: on this machine, or (`remote`) from the node its job runs on. */
  private ready(
    name: string,
    script: string,
    runId: string,
    remote: boolean,
    timeoutMs: number,
  ): Promise<Ready> {
    const { ctx } = this;
    const { runner } = ctx.options;
    return waitUntilReady(
      {
        capturedUrl: () => urlFromLocal(runner.localOf(script)),
        runStatus: () => runner.get(runId).status,
        declaredPort: () => null,
        lastLines: () => ctx.runs.lastLines(runId),
        portOwner: (port) => ctx.options.portOwner?.(name, port) ?? Promise.resolve(null),
        remote: () =>
          remote ? (ctx.options.remote?.(name) ?? { host: null, waiting: true }) : null,
      },
      timeoutMs,
    );
  }

  /** The loopback link the app's menu offers now (null when it offers none or cannot be rendered). */
  private async menuUrl(name: string): Promise<string | null> {
    try {
      const launcher = await loadLauncher(this.ctx.appDir(name), this.ctx.options.runner);
      return loopbackUrlOf(await launcher.menu());
    } catch (error) {
      // A menu that fails to render offers no link; its error shows where the menu is rendered for the user.
      if (isEngineError(error)) return null;
      throw error;
    }
  }

  private async startOnce(name: string, timeoutMs: number): Promise<StartedApp> {
    const { ctx } = this;
    const { runner } = ctx.options;
    let record = ctx.record(name);
    if (record.state === 'running' && record.port !== null && record.startRunId)
      return { url: publicUrl(name), port: record.port, runId: record.startRunId };
    ctx.states.assertIdle(record);
    if (record.state === 'not-installed')
      throw new EngineError('conflict', `${name} is not installed`, { details: { name } });
    if (record.state === 'install-failed') throw installFailedConflict(record);
    const script = await pickScript(ctx, name, 'start');
    if (!script)
      throw new EngineError(
        'not_found',
        `${name} has no start script (start.js or a default menu item)`,
        { details: { name } },
      );
    record = await ctx.states.move(record, 'starting', { error: null });
    const { env, serverArgs, port, placement } = await this.serverEnv(name);
    // A port taken between its choice and the app's bind gets one more try, on another port.
    for (let attempt = 1; ; attempt++) {
      const { runId } = await runner.start(script, {
        app: name,
        appDir: ctx.appDir(name),
        env,
        serverArgs,
        placement,
        // A fixed port that was taken gets its retry on a free one (the note says so).
        port: attempt === 1 ? port : undefined,
      });
      // The first run has ended (its log is closed): the retry's own log says why it runs.
      if (attempt > 1) runner.note(runId, `${RETRY_NOTE}\n`);
      record = await ctx.states.move(ctx.record(name), 'starting', { startRunId: runId });
      try {
        const ready = await this.ready(
          name,
          script,
          runId,
          placement.runner !== 'local',
          timeoutMs,
        );
        record = ctx.record(name);
        await ctx.states.move(record, 'running', {
          url: ready.url,
          port: ready.port,
          startRunId: runId,
        });
        this.onRunning(name);
        return { url: publicUrl(name), port: ready.port, runId };
      } catch (error) {
        const retry = attempt === 1 && ctx.runs.portConflict(error, runId);
        if (retry && runner.get(runId).status === 'running')
          runner.note(runId, `\n${RETRY_NOTE}\n`);
        await ctx.runs.stopAll(name);
        if (retry) continue;
        const failure = ctx.runs.failureOf(error, runId);
        await ctx.states.move(ctx.record(name), 'failed', { error: failure, startRunId: null });
        throw new EngineError(
          isEngineError(error) ? error.code : 'step_failed',
          `${name} failed to start: ${failure.message}`,
          { details: { name, runId, lastLines: failure.lastLines } },
        );
      }
    }
  }
}
