// The scripts of an app's launcher: which one installs, starts or updates it, and running one from its menu.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { EngineError, isEngineError } from '../errors';
import { launcherRoot, loadLauncher } from '../launcher';
import { resolveInside } from '../script/safe-path';
import type { AppContext } from './app-context';
import { installFailedConflict, type AppInstalls } from './app-installs';
import type { AppStarts } from './app-starts';
import { conventionalScript, defaultScriptOf } from './script-pick';

/** The script for `role`: the menu's default (when it fits the role) or the conventional file, or null. */
export async function pickScript(
  ctx: AppContext,
  name: string,
  role: 'install' | 'start' | 'update',
): Promise<string | null> {
  const launcher = await loadLauncher(ctx.appDir(name), ctx.options.runner);
  if (role !== 'update') {
    const fromMenu = defaultScriptOf(await launcher.menu(), launcher.dir);
    const wanted = conventionalScript(role, launcher.dir);
    if (fromMenu && (!wanted || path.basename(fromMenu).startsWith(role))) return fromMenu;
    return wanted ?? fromMenu;
  }
  return conventionalScript(role, launcher.dir);
}

/** Runs the app's update script, if it has one, to its end: the script (relative to the launcher), or null. */
export async function runUpdateScript(ctx: AppContext, name: string): Promise<string | null> {
  const script = await pickScript(ctx, name, 'update');
  if (!script) return null;
  const { done } = await ctx.options.runner.start(script, { app: name, appDir: ctx.appDir(name) });
  const outcome = await done;
  if (outcome.status !== 'finished')
    throw new EngineError(
      'step_failed',
      `update script ${outcome.status}: ${outcome.error?.message ?? ''}`,
      { details: { lastLines: outcome.error?.lastLines } },
    );
  return path.relative(launcherRoot(ctx.appDir(name)), script);
}

/** A launcher has pinokio.js/json or a conventional install/start script, and its metadata loads. */
export async function assertLauncher(ctx: AppContext, dir: string, source: string): Promise<void> {
  const launcher = await loadLauncher(dir, ctx.options.runner).catch((error: unknown) => {
    // The loader names the staging folder; the user knows the source.
    if (isEngineError(error) && error.code === 'not_a_launcher') throw notALauncher(source);
    throw error;
  });
  const hasConfig = ['pinokio.js', 'pinokio.json'].some((f) =>
    existsSync(path.join(launcher.dir, f)),
  );
  if (
    !hasConfig &&
    !conventionalScript('install', launcher.dir) &&
    !conventionalScript('start', launcher.dir)
  ) {
    throw notALauncher(source);
  }
}

/** Runs any script of the app (a menu href), e.g. `reset.js`; the install script moves the state like an install. */
export async function runMenuScript(
  ctx: AppContext,
  installs: AppInstalls,
  starts: AppStarts,
  name: string,
  script: string,
  params?: Record<string, unknown>,
): Promise<{ runId: string }> {
  ctx.record(name);
  const root = launcherRoot(ctx.appDir(name));
  const file = resolveInside(script, { base: root, allowed: [ctx.appDir(name)], param: 'script' });
  if (!existsSync(file))
    throw new EngineError('not_found', `${name} has no script ${script}`, {
      details: { name, script },
    });
  const record = ctx.record(name);
  const launcherDir = (await loadLauncher(ctx.appDir(name), ctx.options.runner)).dir;
  if (file === conventionalScript('install', launcherDir)) {
    // The install script from the menu is an install: it moves the state like apps.install.
    ctx.states.assertIdle(record);
    if (record.state === 'running')
      throw new EngineError('app_busy', `${name} is running; stop it before installing again`, {
        details: { name },
      });
    ctx.runs.assertNoScript(name, record.startRunId, 'installing it again');
    return { runId: (await installs.begin(record, file, params))! };
  }
  if (record.state === 'install-failed' && file === conventionalScript('start', launcherDir))
    throw installFailedConflict(record);
  // While the app is idle a menu script may be its server: it gets what a start gets, and is watched for its URL.
  const idle = ['installed', 'stopped', 'failed'].includes(record.state);
  const server = idle ? await starts.serverEnv(name) : null;
  const { runId } = await ctx.options.runner.start(file, {
    app: name,
    appDir: ctx.appDir(name),
    params: params ?? {},
    ...server,
  });
  if (idle) void starts.serveFromMenuRun(name, file, runId);
  return { runId };
}

function notALauncher(source: string): EngineError {
  return new EngineError(
    'not_a_launcher',
    `${source} is not a Pinokio launcher: it has no pinokio.js, pinokio.json, install.js or start.js`,
    { details: { source } },
  );
}
