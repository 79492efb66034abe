// script.download/start `hash`, `branch` and `pull`: a cloned launcher checked out as the caller pinned it.
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { gitProxyConfig } from '../network';
import { z } from 'zod';
import { EngineError, errorMessage } from '../errors';
import { recordPin, type RepoPin } from '../repo-pins';
import { fields } from './schemas';
import type { StepContext } from './types';

const pinFields = {
  uri: z.string().min(1, { error: 'expected a script URI' }),
  hash: z
    .string()
    .regex(/^[0-9a-f]{4,40}$/i, { error: 'expected a git commit hash' })
    .optional(),
  branch: z
    .string()
    .regex(/^(?!-)[\w./-]+$/, { error: 'expected a git branch name' })
    .optional(),
  pull: z.boolean().optional(),
  params: z.unknown().optional(),
};
const withUri = (value: unknown) => (typeof value === 'string' ? { uri: value } : value);

export const scriptDownloadParams = z.preprocess(
  withUri,
  fields(pinFields, 'expected a script URI or {uri, hash, branch, pull}'),
);
export const scriptStartParams = scriptDownloadParams;
export type ScriptPinParams = z.output<typeof scriptDownloadParams>;

async function git(ctx: StepContext, dir: string, args: string[], what: string): Promise<string> {
  try {
    return (
      await simpleGit({ baseDir: dir, abort: ctx.signal, config: gitProxyConfig() }).raw(args)
    ).trim();
  } catch (error) {
    throw new EngineError(
      'script_error',
      `${what} failed in ${dir}: ${errorMessage(error).trim()}`,
      {
        details: { dir, args },
        cause: error,
      },
    );
  }
}

/**
 * Resolves the URI (cloning a git URI when needed) and, for git URIs, applies Pinokio's pins in its order:
 * `branch` (fetch, then switch), `hash` (fetch, then a detached checkout), `pull` (a fast-forward pull, skipped
 * while detached at a hash). The resulting commit and branch are recorded for the clone's app folder.
 */
export async function downloadPinned(params: ScriptPinParams, ctx: StepContext): Promise<string> {
  const file = await ctx.resolveUri(params.uri);
  // Script URIs that are URLs resolve only as git URIs, into a clone at <home>/api/<folder>.
  const inApi = path.relative(ctx.home.api, file).split(path.sep)[0];
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(params.uri) || !inApi || inApi.startsWith('..')) return file;
  if (!params.hash && !params.branch && !params.pull) return file;
  const dir = path.join(ctx.home.api, inApi);
  const fetch = async () => {
    try {
      await git(ctx, dir, ['fetch', '--tags', 'origin'], 'git fetch');
    } catch (error) {
      // Offline: a commit or branch that is already in the clone can still be checked out.
      ctx.log(`${errorMessage(error)}; using what the clone has\n`, 'info');
    }
  };
  if (params.branch) {
    await fetch();
    await git(ctx, dir, ['switch', params.branch], `git switch ${params.branch}`);
    ctx.log(`${path.basename(dir)}: on branch ${params.branch}\n`, 'info');
  }
  if (params.hash) {
    await fetch();
    await git(ctx, dir, ['switch', '--detach', params.hash], `git switch --detach ${params.hash}`);
    ctx.log(`${path.basename(dir)}: pinned at ${params.hash}\n`, 'info');
  }
  const branch = await git(ctx, dir, ['branch', '--show-current'], 'git branch');
  if (params.pull) {
    if (branch) await git(ctx, dir, ['pull', '--ff-only'], 'git pull');
    else ctx.log(`${path.basename(dir)}: detached at a pinned commit; not pulling\n`, 'info');
  }
  const pin: RepoPin = {
    repo: await git(ctx, dir, ['remote', 'get-url', 'origin'], 'git remote'),
    commit: await git(ctx, dir, ['rev-parse', 'HEAD'], 'git rev-parse'),
    branch: branch || null,
    requested: { hash: params.hash, branch: params.branch, pull: params.pull },
    at: Date.now(),
  };
  await recordPin(ctx.home, path.basename(dir), pin);
  return file;
}

/** True when script.start params ask for a pin (then the clone is pinned before the script runs). */
export function hasPins(params: unknown): boolean {
  if (!params || typeof params !== 'object') return false;
  const p = params as Record<string, unknown>;
  return p.hash !== undefined || p.branch !== undefined || p.pull !== undefined;
}
