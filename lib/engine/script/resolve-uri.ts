// Resolves a script URI (relative, absolute, `~/`, or a git URL with a path inside) to a local file.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { gitProxyConfig } from '../network';
import { EngineError, errorMessage } from '../errors';
import type { HomeLayout } from '../home';

export interface ResolveUriContext {
  /** Folder relative URIs resolve against (the calling script's folder). */
  cwd: string;
  home: HomeLayout;
  signal?: AbortSignal;
}

export interface GitUri {
  /** Clone URL, ending in `.git`. */
  repo: string;
  /** Path inside the repository ('' for the root). */
  sub: string;
}

const GIT_URI = /^((?:https?|file|ssh|git):\/\/.+?\.git)(?:\/(.*))?$/;
const inflight = new Map<string, Promise<string>>();

/** Splits `https://host/owner/repo.git/a/b.json` into repo URL and inner path, or null for other URIs. */
export function parseGitUri(uri: string): GitUri | null {
  const match = GIT_URI.exec(uri);
  if (!match) return null;
  return { repo: match[1]!, sub: (match[2] ?? '').replace(/^\/+/, '') };
}

/**
 * Resolves `uri` to an absolute path. Git URIs are cloned into `<home>/api/<repo-name>` on first use (or an
 * existing clone with the same remote is reused), then the inner path is resolved inside the clone.
 */
export async function resolveScriptUri(uri: string, ctx: ResolveUriContext): Promise<string> {
  if (typeof uri !== 'string' || uri.length === 0) {
    throw new EngineError('invalid_params', 'A script URI must be a non-empty string');
  }
  const git = parseGitUri(uri);
  if (git) {
    const dir = await ensureClone(git.repo, ctx);
    const file = path.resolve(dir, git.sub);
    if (path.relative(dir, file).startsWith('..')) {
      throw new EngineError('path_escape', `Refusing ${uri}: its path leaves the repository`, {
        details: { uri },
      });
    }
    return file;
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) {
    throw new EngineError(
      'invalid_params',
      `Unsupported script URI ${uri}: use a path, ~/path, or a git URL ending in .git/<file>`,
      {
        details: { uri },
      },
    );
  }
  if (uri === '~' || uri.startsWith('~/')) return path.resolve(ctx.home.root, uri.slice(2));
  return path.resolve(ctx.cwd, uri);
}

/** Local clone folder of a repository (cloning it if needed). Concurrent callers share one clone. */
export async function ensureClone(
  repo: string,
  ctx: Pick<ResolveUriContext, 'home' | 'signal'>,
): Promise<string> {
  const key = `${ctx.home.api}\u0000${normalizeRemote(repo)}`;
  let pending = inflight.get(key);
  if (pending) return pending;
  const existing = findClone(ctx.home.api, repo);
  if (existing) return existing;
  pending = clone(repo, ctx).finally(() => inflight.delete(key));
  inflight.set(key, pending);
  return pending;
}

/** The folder under `apiDir` whose git remote `origin` is `repo`, or null. */
export function findClone(apiDir: string, repo: string): string | null {
  if (!existsSync(apiDir)) return null;
  const wanted = normalizeRemote(repo);
  for (const entry of readdirSync(apiDir, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const config = path.join(apiDir, entry.name, '.git', 'config');
    if (!existsSync(config)) continue;
    const text = readFileSync(config, 'utf8');
    const urls = [...text.matchAll(/^\s*url\s*=\s*(.+)$/gm)].map((m) =>
      normalizeRemote(m[1]!.trim()),
    );
    if (urls.includes(wanted)) return path.join(apiDir, entry.name);
  }
  return null;
}

/** Folder name for a clone: the repository name without `.git`. */
export function repoName(repo: string): string {
  const base = repo.replace(/\/+$/, '').split('/').pop() ?? 'repo';
  return base.replace(/\.git$/, '') || 'repo';
}

async function clone(
  repo: string,
  ctx: Pick<ResolveUriContext, 'home' | 'signal'>,
): Promise<string> {
  await mkdir(ctx.home.api, { recursive: true });
  let name = repoName(repo);
  for (let n = 2; existsSync(path.join(ctx.home.api, name)); n++) name = `${repoName(repo)}-${n}`;
  const dest = path.join(ctx.home.api, name);
  try {
    await simpleGit({ baseDir: ctx.home.api, abort: ctx.signal, config: gitProxyConfig() }).clone(
      repo,
      dest,
    );
  } catch (error) {
    await rm(dest, { recursive: true, force: true });
    if (ctx.signal?.aborted)
      throw new EngineError('cancelled', `Cloning ${repo} was cancelled`, { details: { repo } });
    throw new EngineError('network', `Cloning ${repo} failed: ${errorMessage(error)}`, {
      details: { repo },
      cause: error,
    });
  }
  return dest;
}

function normalizeRemote(url: string): string {
  return url
    .trim()
    .replace(/\/+$/, '')
    .replace(/\.git$/, '')
    .toLowerCase();
}
