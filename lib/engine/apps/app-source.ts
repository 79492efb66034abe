// Brings an app's files into `<home>/api/<name>`: git clone (URL or local repository) or folder copy, all-or-nothing.
import { randomUUID } from 'node:crypto';
import { cp, realpath, rename, rm, stat } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { cloneProgress } from './clone-progress';
import { proxyEnv } from '../network';
import { GIT_URL_PATTERN, type AppSource } from '../../shared/app';
import { diskFullError, isDiskFull } from '../disk-full';
import { EngineError, errorMessage } from '../errors';

export function isGitUrl(source: string): boolean {
  return GIT_URL_PATTERN.test(source);
}

/** Decides how a source string is fetched: a git URL, a local git repository, or a plain folder. */
export async function classifySource(source: string): Promise<AppSource> {
  if (GIT_URL_PATTERN.test(source)) return { kind: 'git', location: source };
  const abs = path.resolve(source);
  const info = await stat(abs).catch(() => null);
  if (!info?.isDirectory()) {
    throw new EngineError('not_found', `${source} is neither a git URL nor an existing folder`, {
      details: { source },
    });
  }
  return { kind: existsSync(path.join(abs, '.git')) ? 'git' : 'folder', location: abs };
}

/**
 * The GIT_* variables kept (simple-git drops the rest): the two that choose git's config files, so a global config
 * given to Hangar (a mirror's `insteadOf` in a lab without GitHub) reaches its clones and fetches as it reaches the
 * git commands launchers run. simple-git calls them unsafe because a config file can name programs to run; these
 * come from Hangar's own environment, never from a script, and Hangar builds every argument of these commands.
 */
const GIT_CONFIG_KEYS = ['GIT_CONFIG_GLOBAL', 'GIT_CONFIG_NOSYSTEM'];
/** What git needs from the environment. */
const GIT_ENV_KEYS = [
  ...GIT_CONFIG_KEYS,
  'PATH',
  'HOME',
  'USER',
  'LANG',
  'LC_ALL',
  'TMPDIR',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'http_proxy',
  'https_proxy',
  'no_proxy',
  'SSL_CERT_FILE',
  'SSL_CERT_DIR',
];

export function gitClient(dir?: string, signal?: AbortSignal) {
  const git = simpleGit({
    baseDir: dir,
    abort: signal,
    timeout: { block: 300_000 },
    allowEnvironment: ['GIT_TERMINAL_PROMPT', ...GIT_CONFIG_KEYS],
    unsafe: { allowUnsafeConfigPaths: true },
  });
  const env: Record<string, string> = {};
  for (const key of GIT_ENV_KEYS) if (process.env[key] !== undefined) env[key] = process.env[key]!;
  // Never let git wait on a password prompt nobody can answer.
  // The proxy setting reaches git as the variables it reads (http_proxy, https_proxy, no_proxy).
  return git.env({ ...env, ...proxyEnv(), GIT_TERMINAL_PROMPT: '0' });
}

/**
 * Fetches the source into a temporary sibling of `dest`, runs `verify` on it, then renames it into place.
 * On any failure nothing is left behind. `log` receives what is fetched and git's progress.
 */
export async function acquireSource(
  source: AppSource,
  dest: string,
  verify: (dir: string) => Promise<void>,
  signal?: AbortSignal,
  log?: (line: string) => void,
): Promise<{ commit: string | null }> {
  const staging = path.join(
    path.dirname(dest),
    `.${path.basename(dest)}.installing-${randomUUID().slice(0, 8)}`,
  );
  try {
    if (source.kind === 'git') {
      log?.(`Cloning ${source.location}\n`);
      try {
        await cloneWithProgress(source.location, staging, signal, log);
      } catch (error) {
        throw new EngineError(
          'network',
          `git clone ${source.location} failed: ${gitOutput(errorMessage(error))}`,
          { details: { source: source.location }, cause: error },
        );
      }
    } else {
      log?.(`Copying ${source.location}\n`);
      await copyFolder(source.location, staging);
    }
    await verify(staging);
    const commit = source.kind === 'git' ? await headCommit(staging) : null;
    await rename(staging, dest).catch((error: NodeJS.ErrnoException) => {
      // Another install of the same name landed first.
      if (error.code !== 'ENOTEMPTY' && error.code !== 'EEXIST') throw error;
      throw new EngineError('app_exists', `${dest} was installed meanwhile by another call`, {
        details: { dest },
        cause: error,
      });
    });
    return { commit };
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** `git clone`; with `log`, git's progress (--progress on its stderr) goes to it, throttled. */
async function cloneWithProgress(
  url: string,
  dest: string,
  signal?: AbortSignal,
  log?: (line: string) => void,
): Promise<void> {
  const git = gitClient(undefined, signal);
  if (!log) {
    await git.clone(url, dest);
    return;
  }
  const progress = cloneProgress(log);
  await git
    .outputHandler((_command, _stdout, stderr) => {
      stderr.on('data', (chunk: Buffer) => progress(chunk.toString('utf8')));
    })
    .clone(url, dest, ['--progress']);
}

/** Copies a launcher folder; a folder holding the destination (the home itself, `/`) is refused before any copy. */
async function copyFolder(from: string, staging: string): Promise<void> {
  const real = await realpath(from);
  const target = await realpath(path.dirname(staging));
  const inside = path.relative(real, target);
  if (
    inside === '' ||
    (inside !== '..' && !inside.startsWith(`..${path.sep}`) && !path.isAbsolute(inside))
  ) {
    throw new EngineError(
      'invalid_params',
      `${from} holds Hangar's home (${path.dirname(staging)}): install from the launcher's own folder`,
      { details: { source: from } },
    );
  }
  try {
    await cp(from, staging, {
      recursive: true,
      // The update check tells a big file (not kept in the app's history) changed by its size and time.
      preserveTimestamps: true,
      filter: (src) => !/[\\/](node_modules|\.git)$/.test(src),
    });
  } catch (error) {
    if (isDiskFull(error)) throw await diskFullError(staging, error);
    const code = (error as NodeJS.ErrnoException).code;
    throw new EngineError(
      code === 'EACCES' || code === 'EPERM' ? 'forbidden' : 'invalid_params',
      `copying ${from} failed: ${errorMessage(error)}`,
      { details: { source: from }, cause: error },
    );
  }
}

export async function headCommit(dir: string): Promise<string | null> {
  if (!existsSync(path.join(dir, '.git'))) return null;
  return (await gitClient(dir).revparse(['HEAD'])).trim();
}

/** Git's own verdict (its fatal/error/remote lines), without "Cloning into <staging folder>..." nor its advice. */
function gitOutput(message: string): string {
  const lines = message
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Cloning into '));
  const verdict = lines.filter((line) => /^(fatal|error|remote):/.test(line));
  return (verdict.length > 0 ? verdict : lines).join(' ');
}
