// Node.js from the npm registry (node-<platform>-<arch>, which holds node alone) plus the npm package, into bin/.
import { chmod, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { findExecutable, runCommand } from './probe';
import { findNpm, npmPack } from './provision-npm';
import { replaceLink } from './provision-io';
import { recordProvisioned, type ProvisionedTool } from './provisioned';
import type { ProvisionOptions } from './provision-uv';
import {
  npmMajorFor,
  packRange,
  requiredNodeVersion,
  satisfiesNode,
  type NodeVersionSpec,
} from './node-version';

const inFlight = new Map<string, Promise<ProvisionedTool>>();

/** The Node on `env`'s PATH and its version, or null. */
export async function nodeOnPath(
  env: Record<string, string>,
): Promise<{ path: string; version: string } | null> {
  const node = await findExecutable('node', env.PATH ?? '');
  if (!node) return null;
  const out = await runCommand(node, ['--version'], { searchPath: env.PATH ?? '' });
  const version = /v?(\d+\.\d+\.\d+)/.exec(out.output)?.[1];
  return out.code === 0 && version ? { path: node, version } : null;
}

/** Provisions Node `spec` unless the Node on PATH already is of it (the requires check before step 1). */
export async function ensureNode(spec: NodeVersionSpec, options: ProvisionOptions): Promise<void> {
  const have = await nodeOnPath(options.env);
  if (have && satisfiesNode(have.version, spec)) return;
  options.log(
    `Hangar: this launcher needs Node ${spec.text}; ${have ? `the Node on PATH is ${have.version}` : 'no Node is on PATH'}`,
  );
  await provisionNode(spec, options);
}

/** Before step 1: the Node version `requires` names, provisioned when the machine's Node is not of it. */
export async function ensureRequiredNode(
  requires: unknown,
  options: ProvisionOptions,
): Promise<void> {
  const spec = requiredNodeVersion(requires);
  if (spec) await ensureNode(spec, options);
}

/** Fetches node-<platform>-<arch>@<range> and npm with `npm pack`, links bin/node, bin/npm and bin/npx. */
export function provisionNode(
  spec: NodeVersionSpec,
  options: ProvisionOptions,
): Promise<ProvisionedTool> {
  const key = `${path.resolve(options.binDir)}\0${spec.text}`;
  const running = inFlight.get(key);
  if (running) return running;
  const attempt = fetchNode(spec, options).finally(() => inFlight.delete(key));
  inFlight.set(key, attempt);
  return attempt;
}

async function fetchNode(
  spec: NodeVersionSpec,
  options: ProvisionOptions,
): Promise<ProvisionedTool> {
  const pkg = `node-${process.platform}-${process.arch}`;
  const tried = `npm pack ${pkg}@${packRange(spec)}`;
  const fail = (reason: string): never => {
    throw new EngineError(
      'missing_tool',
      `Node ${spec.text} is not installed, and Hangar could not fetch it from the npm registry (${tried}: ${reason}). Install Node ${spec.text} on this machine, then try again.`,
      { details: { tools: ['node'], version: spec.text, tried } },
    );
  };
  const npm = await findNpm(options.env);
  if (!npm) return fail('npm is not on PATH');
  options.log(
    `Hangar: fetching ${pkg}@${packRange(spec)} from the npm registry into ${options.binDir}`,
  );
  const node = await npmPack(npm, `${pkg}@${packRange(spec)}`, 'node', options);
  if (typeof node === 'string') return fail(node);
  const exe = path.join(node.dest, 'bin', 'node');
  await chmod(exe, 0o755);
  const out = await runCommand(exe, ['--version'], { searchPath: '', timeoutMs: 30_000 });
  if (out.code !== 0)
    return fail(`the fetched node does not run here: ${out.output.split('\n')[0]}`);
  const npmSpec = `npm@${npmMajorFor(node.version)}`;
  const npmPkg = await npmPack(npm, npmSpec, 'npm', options);
  if (typeof npmPkg === 'string')
    return fail(`node ${node.version} was fetched, but npm pack ${npmSpec} failed: ${npmPkg}`);
  await replaceLink(path.join(options.binDir, 'node'), exe);
  for (const command of ['npm', 'npx']) {
    // npm is a JavaScript program: a wrapper runs its CLI on the provisioned node, whatever PATH holds.
    const wrapper = path.join(npmPkg.dest, `hangar-${command}`);
    const cli = path.join(npmPkg.dest, 'bin', `${command}-cli.js`);
    await writeFile(wrapper, `#!/bin/sh\nexec "${exe}" "${cli}" "$@"\n`, { mode: 0o755 });
    await replaceLink(path.join(options.binDir, command), wrapper);
  }
  const at = Date.now();
  const record: ProvisionedTool = {
    kind: 'installed',
    version: node.version,
    path: exe,
    source: `npm ${pkg}@${node.version}`,
    at,
  };
  await recordProvisioned(options.binDir, 'node', record);
  await recordProvisioned(options.binDir, 'npm', {
    kind: 'installed',
    version: npmPkg.version,
    path: path.join(npmPkg.dest, 'hangar-npm'),
    source: `npm npm@${npmPkg.version} (runs on node ${node.version})`,
    at,
  });
  options.log(
    `Hangar: node ${node.version} and npm ${npmPkg.version} are ready in ${options.binDir}`,
  );
  return record;
}
