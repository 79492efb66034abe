// conda for launchers: micromamba fetched from conda-forge (as its official installer does) into bin/, with a conda shim.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { x as untar } from 'tar';
import { EngineError } from '../errors';
import { findExecutable, parseVersion, runCommand } from './probe';
import { replaceLink } from './provision-io';
import { recordProvisioned, type ProvisionedTool } from './provisioned';
import type { ProvisionOptions } from './provision-uv';
import { condaShimSource, CONDA_SHIM_MARKER } from './conda-shim-source';

/** Where micromamba is fetched from; `HANGAR_MICROMAMBA_URL` (in the step's environment) points elsewhere. */
export const MICROMAMBA_BASE_URL = 'https://micro.mamba.pm';
export const MICROMAMBA_URL_ENV = 'HANGAR_MICROMAMBA_URL';
const MEMBER = 'bin/micromamba';

const PLATFORMS: Record<string, string> = {
  'linux-x64': 'linux-64',
  'linux-arm64': 'linux-aarch64',
  'linux-ppc64': 'linux-ppc64le',
  'darwin-x64': 'osx-64',
  'darwin-arm64': 'osx-arm64',
};

/** The installer's URL for this machine: it redirects to the newest micromamba `.tar.bz2` on conda-forge. */
export function micromambaUrl(env: Record<string, string>): string {
  const base = (env[MICROMAMBA_URL_ENV] || MICROMAMBA_BASE_URL).replace(/\/+$/, '');
  const machine = `${process.platform}-${process.arch}`;
  const platform = PLATFORMS[machine] ?? machine;
  return `${base}/api/micromamba/${platform}/latest`;
}

/**
 * The conda on the step's PATH; else a micromamba there gets the `bin/conda` shim; otherwise micromamba is
 * provisioned into bin/.
 */
export async function ensureConda(options: ProvisionOptions): Promise<void> {
  const searchPath = options.env.PATH ?? '';
  if (await findExecutable('conda', searchPath)) return;
  const micromamba = await findExecutable('micromamba', searchPath);
  if (!micromamba) {
    await provisionMicromamba(options);
    return;
  }
  options.log(`Hangar: conda is not installed; conda commands run through ${micromamba}`);
  await mkdir(options.binDir, { recursive: true });
  await writeShim(options.binDir, micromamba);
}

async function writeShim(binDir: string, micromamba: string): Promise<void> {
  const shim = path.join(binDir, 'conda');
  // Never written through: a dangling link left there (to a conda since removed) is replaced, not followed.
  await rm(shim, { force: true });
  await writeFile(shim, condaShimSource(micromamba, path.join(binDir, 'mamba-root')));
  await chmod(shim, 0o755);
}

const inFlight = new Map<string, Promise<ProvisionedTool>>();

/** Fetches micromamba into `bin/pkgs/`, links `bin/micromamba` and writes the `bin/conda` shim. */
export function provisionMicromamba(options: ProvisionOptions): Promise<ProvisionedTool> {
  const key = path.resolve(options.binDir);
  const running = inFlight.get(key);
  if (running) return running;
  const attempt = fetchMicromamba(options).finally(() => inFlight.delete(key));
  inFlight.set(key, attempt);
  return attempt;
}

async function fetchMicromamba(options: ProvisionOptions): Promise<ProvisionedTool> {
  const url = micromambaUrl(options.env);
  const fail = (reason: string): never => {
    throw new EngineError(
      'missing_tool',
      `This step needs conda, which is not installed, and Hangar could not fetch micromamba (GET ${url}: ${reason}). Install conda by hand (Miniforge: https://conda-forge.org/download/) or micromamba (\`curl -Ls ${url} | tar -xvj bin/micromamba\`, then put it on PATH), then try again.`,
      { details: { tools: ['conda'], tried: url } },
    );
  };
  options.log(
    `Hangar: conda is not installed; fetching micromamba from ${url} into ${options.binDir}`,
  );
  await mkdir(options.binDir, { recursive: true });
  const work = await mkdtemp(path.join(options.binDir, '.micromamba-'));
  try {
    let response: Response;
    try {
      response = await fetch(url, { redirect: 'follow', signal: options.signal });
    } catch (error) {
      options.signal?.throwIfAborted();
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      return fail(cause?.code ?? cause?.message ?? (error as Error).message);
    }
    if (!response.ok || !response.body) return fail(`HTTP ${response.status}`);
    const archive = path.join(work, 'micromamba.tar.bz2');
    await writeFile(archive, Buffer.from(await response.arrayBuffer()));
    const { size } = await stat(archive);
    options.log(`  ${response.url}: ${(size / 1024 / 1024).toFixed(1)} MB`);
    const unpacked = await extractMember(archive, work);
    if (unpacked !== null) return fail(`unpacking failed: ${unpacked}`);
    const out = await runCommand(path.join(work, MEMBER), ['--version'], {
      searchPath: options.env.PATH ?? '',
      timeoutMs: 30_000,
    });
    if (out.code !== 0)
      return fail(`the fetched micromamba does not run here: ${out.output.split('\n')[0]}`);
    const version = parseVersion(out.output);
    const dest = path.join(options.binDir, 'pkgs', `micromamba-${version ?? 'unknown'}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await rm(dest, { recursive: true, force: true });
    await mkdir(dest);
    const exe = path.join(dest, 'micromamba');
    await rename(path.join(work, MEMBER), exe);
    await replaceLink(path.join(options.binDir, 'micromamba'), exe);
    await writeShim(options.binDir, exe);
    const record: ProvisionedTool = {
      kind: 'installed',
      version,
      path: exe,
      source: `micromamba from ${response.url}`,
      at: Date.now(),
    };
    await recordProvisioned(options.binDir, 'conda', record);
    options.log(
      `Hangar: micromamba ${version ?? ''} is ready in ${options.binDir} (conda runs through it; ${CONDA_SHIM_MARKER})`,
    );
    return record;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `bzip2 -dc archive | tar` keeping only `bin/micromamba`; tar refuses paths that leave `dir`. Null when done. */
async function extractMember(archive: string, dir: string): Promise<string | null> {
  const bzip2 = spawn('bzip2', ['-dc'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  bzip2.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<string | null>((resolve) => {
    bzip2.on('error', (error) => resolve(`bzip2: ${error.message}`));
    bzip2.on('close', (code) => resolve(code === 0 ? null : `bzip2: ${stderr.trim() || code}`));
  });
  let found = false;
  try {
    await Promise.all([
      pipeline(createReadStream(archive), bzip2.stdin),
      pipeline(
        bzip2.stdout,
        untar({
          cwd: dir,
          strict: true,
          filter: (entry) => {
            const match = path.posix.normalize(entry) === MEMBER;
            found ||= match;
            return match;
          },
        }),
      ),
    ]);
  } catch (error) {
    return (await exited) ?? (error as Error).message;
  }
  const status = await exited;
  if (status !== null) return status;
  return found ? null : `the archive holds no ${MEMBER}`;
}
