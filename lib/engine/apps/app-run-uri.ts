// Runs a script named by its URI (Pinokio's first step): a path relative to an app's folder, an absolute or `~/`
// path inside the Hangar home, or a git URL with a file path (cloned into the home's api folder on first use).
import { statSync } from 'node:fs';
import path from 'node:path';
import { EngineError } from '../errors';
import { launcherRoot } from '../launcher';
import { ensureClone, parseGitUri } from '../script/resolve-uri';
import { isInside, resolveInside } from '../script/safe-path';
import type { AppContext } from './app-context';
import type { AppInstalls } from './app-installs';
import type { AppStarts } from './app-starts';
import { runMenuScript } from './app-scripts';

export interface UriRun {
  runId: string;
  /** The app the script runs as (its file lies in that app's folder), or null. */
  app: string | null;
  /** The script file the URI resolved to. */
  file: string;
}

/** Resolves `uri` inside its root (the app folder, the home, or the clone) and starts it; returns at once. */
export async function runScriptUri(
  ctx: AppContext,
  installs: AppInstalls,
  starts: AppStarts,
  uri: string,
  options: { app?: string; params?: Record<string, unknown> } = {},
): Promise<UriRun> {
  const home = ctx.options.home;
  if (options.app !== undefined) ctx.record(options.app);
  const file = await resolveFile(ctx, uri, options.app);
  assertScriptFile(uri, file);
  const owner = options.app ?? ownerOf(ctx, file);
  if (owner && isInside(file, ctx.appDir(owner))) {
    const { runId } = await runMenuScript(ctx, installs, starts, owner, file, options.params);
    return { runId, app: owner, file };
  }
  if (options.app !== undefined)
    throw new EngineError('path_escape', `Refusing uri "${uri}": it is not inside ${options.app}`, {
      details: { uri, app: options.app, root: home.root },
    });
  const { runId } = await ctx.options.runner.start(file, { params: options.params ?? {} });
  return { runId, app: null, file };
}

async function resolveFile(ctx: AppContext, uri: string, app: string | undefined): Promise<string> {
  const home = ctx.options.home;
  const git = parseGitUri(uri);
  if (git) {
    if (!git.sub)
      throw new EngineError('invalid_params', `uri "${uri}" names a repository but no file in it`, {
        details: { uri },
      });
    const dir = await ensureClone(git.repo, { home });
    return resolveInside(git.sub, { base: dir, allowed: [dir], param: 'uri' });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri))
    throw new EngineError(
      'invalid_params',
      `Unsupported uri "${uri}": use a path, ~/path, or a git URL ending in .git/<file>`,
      { details: { uri } },
    );
  if (path.isAbsolute(uri) || uri === '~' || uri.startsWith('~/'))
    return resolveInside(uri, {
      base: home.root,
      allowed: [home.root],
      home: home.root,
      param: 'uri',
    });
  if (app === undefined)
    throw new EngineError(
      'invalid_params',
      `uri "${uri}" is relative: name the app it is relative to, or give an absolute path inside the Hangar home`,
      { details: { uri } },
    );
  const dir = ctx.appDir(app);
  return resolveInside(uri, { base: launcherRoot(dir), allowed: [dir], param: 'uri' });
}

function assertScriptFile(uri: string, file: string): void {
  let isFile = false;
  try {
    isFile = statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch (error) {
    // A name too long for the file system, or a path through a file: there is no script there either.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENAMETOOLONG' && code !== 'ENOTDIR') throw error;
  }
  if (!isFile)
    throw new EngineError('not_found', `No script at ${uri} (${file})`, {
      details: { uri, file },
    });
}

/** The installed app whose folder holds `file`, or null. */
function ownerOf(ctx: AppContext, file: string): string | null {
  for (const name of ctx.store.names()) if (isInside(file, ctx.appDir(name))) return name;
  return null;
}
