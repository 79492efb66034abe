// Binaries published on the npm registry (ffmpeg from @ffmpeg-installer/<platform>), fetched with npm into bin/.
import { chmod, mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { findExecutable, parseVersion, runCommand } from './probe';
import { replaceLink, stream } from './provision-io';
import { recordProvisioned, type ProvisionedTool } from './provisioned';
import type { ProvisionOptions } from './provision-uv';

interface NpmTool {
  /** The package for a platform and architecture (`linux-x64`…). */
  pkg: (platform: string, arch: string) => string;
  /** The executable inside the package, relative to its root. */
  binary: string;
  versionArgs: string[];
}

export const NPM_TOOLS = {
  ffmpeg: {
    pkg: (platform, arch) => `@ffmpeg-installer/${platform}-${arch}`,
    binary: 'ffmpeg',
    versionArgs: ['-version'],
  },
} satisfies Record<string, NpmTool>;
export type NpmToolId = keyof typeof NPM_TOOLS;

const inFlight = new Map<string, Promise<ProvisionedTool>>();

/** Fetches `id` with `npm pack` (the user's npm registry), unpacks it under bin/pkgs and links it into bin/. */
export function provisionFromNpm(
  id: NpmToolId,
  options: ProvisionOptions,
): Promise<ProvisionedTool> {
  const key = `${path.resolve(options.binDir)}\0${id}`;
  const running = inFlight.get(key);
  if (running) return running;
  const attempt = fetchTool(id, options).finally(() => inFlight.delete(key));
  inFlight.set(key, attempt);
  return attempt;
}

async function fetchTool(id: NpmToolId, options: ProvisionOptions): Promise<ProvisionedTool> {
  const tool: NpmTool = NPM_TOOLS[id];
  const pkg = tool.pkg(process.platform, process.arch);
  const fail = (reason: string): never => {
    throw new EngineError(
      'missing_tool',
      `${id} is not installed, and Hangar could not fetch it from the npm registry (npm pack ${pkg}: ${reason}). Install ${id} on this machine, then try again.`,
      { details: { tools: [id], tried: `npm pack ${pkg}` } },
    );
  };
  const npm = await findNpm(options.env);
  if (!npm) return fail('npm is not on PATH');
  options.log(
    `Hangar: ${id} is not installed; fetching ${pkg} from the npm registry into ${options.binDir}`,
  );
  const packed = await npmPack(npm, pkg, id, options);
  if (typeof packed === 'string') return fail(packed);
  const { dest, version } = packed;
  const exe = path.join(dest, tool.binary);
  await chmod(exe, 0o755);
  const out = await runCommand(exe, tool.versionArgs, {
    searchPath: options.env.PATH ?? '',
    timeoutMs: 30_000,
  });
  if (out.code !== 0)
    return fail(`the fetched ${id} does not run here: ${out.output.split('\n')[0]}`);
  await replaceLink(path.join(options.binDir, id), exe);
  const record: ProvisionedTool = {
    kind: 'installed',
    version: parseVersion(out.output),
    path: exe,
    source: `npm ${pkg}@${version}`,
    at: Date.now(),
  };
  await recordProvisioned(options.binDir, id, record);
  options.log(
    `Hangar: ${id} ${record.version ?? ''} is ready in ${options.binDir}`.replace('  ', ' '),
  );
  return record;
}

/** The user's npm, or the one beside the node running Hangar; null when neither exists. */
export async function findNpm(env: Record<string, string>): Promise<string | null> {
  return (
    (await findExecutable('npm', env.PATH ?? '')) ??
    (await findExecutable('npm', path.dirname(process.execPath)))
  );
}

/**
 * `npm pack <spec>` into a temp folder under bin/, unpacked to `bin/pkgs/<name>-<version>`; returns where and which
 * version, or the reason it failed.
 */
export async function npmPack(
  npm: string,
  spec: string,
  name: string,
  options: ProvisionOptions,
): Promise<{ dest: string; version: string } | string> {
  await mkdir(options.binDir, { recursive: true });
  const work = await mkdtemp(path.join(options.binDir, `.${name}-`));
  // npm (a `#!/usr/bin/env node` script) runs on the node running Hangar when PATH has none.
  const PATH = [options.env.PATH, path.dirname(process.execPath)]
    .filter(Boolean)
    .join(path.delimiter);
  const env = { ...options.env, PATH };
  try {
    let json = '';
    const packed = await stream(npm, ['pack', spec, '--json', '--pack-destination', work], env, {
      ...options,
      captureStdout: (text) => (json += text),
    });
    options.signal?.throwIfAborted();
    if (packed !== null) return packed;
    const [info] = JSON.parse(json) as Array<{ version: string; filename: string; size: number }>;
    if (!info) return 'npm pack printed no package';
    options.log(
      `  ${spec.replace(/@[^@]*$/, '')}@${info.version}: ${(info.size / 1024 / 1024).toFixed(1)} MB`,
    );
    const untar = await stream(
      'tar',
      ['-xzf', path.join(work, info.filename), '-C', work],
      env,
      options,
    );
    if (untar !== null) return `unpacking failed: ${untar}`;
    const dest = path.join(options.binDir, 'pkgs', `${name}-${info.version}`);
    await mkdir(path.dirname(dest), { recursive: true });
    await rm(dest, { recursive: true, force: true });
    await rename(path.join(work, 'package'), dest);
    return { dest, version: info.version };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
