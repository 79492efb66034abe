// uv in `<home>/bin`: pip-installed into its own venv (from the index the user's pip uses), or the pip shim instead.
import { chmod, rm } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { writeFileAtomic } from '../state-file';
import { findExecutable, parseVersion, runCommand } from './probe';
import { isUvShim, replaceLink, stream } from './provision-io';
import { readProvisioned, recordProvisioned, type ProvisionedTool } from './provisioned';
import { UV_SHIM_SOURCE } from './uv-shim-source';

export interface ProvisionOptions {
  binDir: string;
  /** The environment pip runs in (PIP_INDEX_URL, PIP_CACHE_DIR, proxies…); its PATH finds python3. */
  env: Record<string, string>;
  /** One line of progress at a time, for the run's log. */
  log: (line: string) => void;
  signal?: AbortSignal;
}

/** The venv under bin/ that holds the pip-installed uv. */
export function uvVenvDir(binDir: string): string {
  return path.join(binDir, 'venvs', 'uv');
}

/**
 * Installs uv with pip into `bin/venvs/uv` and links `bin/uv` (and `uvx`) to it; where that fails, writes the pip
 * shim as `bin/uv`. Either way the outcome is recorded in bin/provisioned.json and said in the log.
 */
export async function provisionUv(options: ProvisionOptions): Promise<ProvisionedTool> {
  const { binDir, log } = options;
  const index = options.env.PIP_INDEX_URL
    ? `index ${options.env.PIP_INDEX_URL}`
    : "the index pip's configuration names";
  const source = `pip install uv (${index})`;
  log(`Hangar: uv is not installed; installing it into ${binDir} with ${source}`);
  const failure = await installWithPip(options);
  // A stopped run is no verdict on the index: no shim is recorded, the next run tries again.
  if (options.signal?.aborted)
    throw new EngineError('cancelled', 'The run was stopped while uv was being installed.');
  const venvUv = path.join(uvVenvDir(binDir), 'bin', 'uv');
  if (failure === null) {
    const out = await runCommand(venvUv, ['--version'], { searchPath: options.env.PATH ?? '' });
    if (out.code === 0) {
      await replaceLink(path.join(binDir, 'uv'), venvUv);
      const uvx = path.join(uvVenvDir(binDir), 'bin', 'uvx');
      if (await findExecutable('uvx', path.dirname(uvx)))
        await replaceLink(path.join(binDir, 'uvx'), uvx);
      const record: ProvisionedTool = {
        kind: 'installed',
        version: parseVersion(out.output),
        path: venvUv,
        source,
        at: Date.now(),
      };
      await recordProvisioned(binDir, 'uv', record);
      log(`Hangar: uv ${record.version ?? ''} is ready in ${binDir}`.replace('  ', ' '));
      return record;
    }
  }
  const reason = failure ?? 'the installed uv did not run';
  const record = await installUvShim(binDir, reason);
  log(
    `Hangar: uv could not be installed (${reason}); "uv pip" and "uv venv" will run through pip instead (slower)`,
  );
  return record;
}

/** Writes Hangar's pip shim as `bin/uv` and records it with the reason the real uv could not be had. */
export async function installUvShim(binDir: string, reason: string): Promise<ProvisionedTool> {
  const shim = path.join(binDir, 'uv');
  await rm(shim, { force: true });
  await writeFileAtomic(shim, UV_SHIM_SOURCE);
  await chmod(shim, 0o755);
  const record: ProvisionedTool = {
    kind: 'shim',
    version: null,
    path: shim,
    source: 'Hangar pip shim',
    reason,
    at: Date.now(),
  };
  await recordProvisioned(binDir, 'uv', record);
  return record;
}

/** Creates the venv and pip-installs uv into it; null on success, else the reason in one line. */
async function installWithPip(options: ProvisionOptions): Promise<string | null> {
  const venv = uvVenvDir(options.binDir);
  const python = await findExecutable(
    'python3',
    withoutDir(options.env.PATH ?? '', options.binDir),
  );
  if (!python) return 'python3 is not on PATH';
  await rm(venv, { recursive: true, force: true });
  const env = { ...options.env };
  delete env.VIRTUAL_ENV;
  // Offline, pip's default five retries keep the step waiting for minutes; the user's own setting wins.
  env.PIP_RETRIES ??= '1';
  const made = await stream(python, ['-m', 'venv', venv], env, options);
  if (made !== null) return `python3 -m venv failed: ${made}`;
  const pip = path.join(venv, 'bin', 'python');
  const installed = await stream(
    pip,
    ['-m', 'pip', 'install', '--progress-bar', 'off', 'uv'],
    env,
    options,
  );
  if (installed !== null) {
    await rm(venv, { recursive: true, force: true });
    return `pip install uv failed: ${installed}`;
  }
  return null;
}

function withoutDir(searchPath: string, dir: string): string {
  return searchPath
    .split(path.delimiter)
    .filter((d) => path.resolve(d) !== path.resolve(dir))
    .join(path.delimiter);
}

/** A shim older than this is replaced by another attempt at the real uv (the index may have it by now). */
const SHIM_RETRY_MS = 24 * 60 * 60 * 1000;

const inFlight = new Map<string, Promise<ProvisionedTool | null>>();

/**
 * Makes `uv` available on `env`'s PATH (bin/ first): nothing when a real uv is there or a recent shim is; otherwise
 * provisions it once (concurrent callers share the attempt).
 */
export function ensureUv(options: ProvisionOptions): Promise<ProvisionedTool | null> {
  const key = path.resolve(options.binDir);
  const running = inFlight.get(key);
  if (running) return running;
  const attempt = decideAndProvision(options).finally(() => inFlight.delete(key));
  inFlight.set(key, attempt);
  return attempt;
}

async function decideAndProvision(options: ProvisionOptions): Promise<ProvisionedTool | null> {
  const found = await findExecutable('uv', options.env.PATH ?? '');
  if (found && !(await isUvShim(found))) return null;
  if (found) {
    const record = (await readProvisioned(options.binDir)).uv;
    if (record && Date.now() - record.at < SHIM_RETRY_MS) return null;
  }
  return provisionUv(options);
}
