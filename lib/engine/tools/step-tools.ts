// Tools a shell step's own commands call, made available in bin/ before the step runs.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { installHint, type ManagerPresence } from './install-hints';
import { findExecutable } from './probe';
import { NPM_TOOLS, provisionFromNpm, type NpmToolId } from './provision-npm';
import { ensureUv, type ProvisionOptions } from './provision-uv';
import { ensureConda } from './provision-conda';
import { nodeOnPath, provisionNode } from './provision-node';
import { parseNodeVersion } from './node-version';
import { toolSpec, type ToolId } from './tool-specs';

/** The Node release line provisioned for a step that runs node/npm/npx where none is installed: Hangar's own. */
const DEFAULT_NODE = process.versions.node.split('.')[0]!;

/** Whether a command line (or any string of an array/argv message) runs `uv`. */
export function callsUv(message: unknown): boolean {
  return calls(message, 'uvx?');
}

/** Whether a command line runs conda (or micromamba/mamba, which Hangar's conda is). */
export function callsConda(message: unknown): boolean {
  return calls(message, '(micro)?mamba|conda');
}

/** Whether any command line of `message` runs the command `name` (a regex source). */
function calls(message: unknown, name: string): boolean {
  // At a command position: line start, or after ; & | ( or a backtick.
  const pattern = new RegExp(`(^|[;&|(\`])\\s*${name}(\\s|$)`);
  const texts: string[] = [];
  const collect = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (value && typeof value === 'object') Object.values(value).forEach(collect);
  };
  collect(message);
  return texts.some((text) => pattern.test(text));
}

/**
 * Before a step whose commands call ffmpeg where it is missing, it is fetched from the npm registry into bin/.
 * Before a step whose commands call uv, or that pins a Python version (`venv_python`, created through uv when it
 * can be had), uv is provisioned into bin/ (real uv from pip, or the pip shim). Before a step with a `conda` param
 * or running conda where none is installed, micromamba is fetched into bin/. Progress goes to `log`.
 */
export async function ensureStepTools(
  step: { message: unknown; python?: string; venvDir?: string; conda?: boolean },
  options: ProvisionOptions,
): Promise<void> {
  if (
    !step.conda &&
    calls(step.message, '(?:node|npm|npx)') &&
    binOnPath(options) &&
    !(await nodeOnPath(options.env))
  )
    await provisionNode(parseNodeVersion(DEFAULT_NODE, 'node'), options);
  await requireCalledTools(step, options.env);
  if (step.conda || callsConda(step.message)) await ensureConda(options);
  for (const id of Object.keys(NPM_TOOLS) as NpmToolId[]) {
    if (calls(step.message, id) && !(await findExecutable(id, options.env.PATH ?? '')))
      await provisionFromNpm(id, options);
  }
  if (callsUv(step.message) || (step.python !== undefined && !(await hasVenv(step.venvDir))))
    await ensureUv(options);
}

/** Whether the step's PATH has bin/ (a step that sets its own PATH without it would not see what is provisioned). */
function binOnPath(options: ProvisionOptions): boolean {
  const dirs = (options.env.PATH ?? '').split(path.delimiter).map((d) => path.resolve(d || '.'));
  return dirs.includes(path.resolve(options.binDir));
}

async function hasVenv(dir: string | undefined): Promise<boolean> {
  if (!dir) return false;
  return access(path.join(dir, 'bin', 'python')).then(
    () => true,
    () => false,
  );
}

/**
 * Tools Hangar takes from the system (never provisions): a step calling one that is missing fails before it runs.
 * Node and npm are only checked outside conda steps (a conda env may hold its own `nodejs`).
 */
const SYSTEM_TOOLS: ToolId[] = ['git', 'node', 'npm'];
const MAY_COME_FROM_CONDA: ToolId[] = ['node', 'npm'];
const MANAGERS: Array<[ManagerPresence['manager'], string]> = [
  ['apt', 'apt-get'],
  ['brew', 'brew'],
  ['npm', 'npm'],
];

async function requireCalledTools(
  step: { message: unknown; conda?: boolean },
  env: Record<string, string>,
): Promise<void> {
  const searchPath = env.PATH ?? '';
  for (const id of SYSTEM_TOOLS) {
    if (step.conda && MAY_COME_FROM_CONDA.includes(id)) continue;
    const spec = toolSpec(id);
    for (const command of spec.commands) {
      if (!calls(step.message, command) || (await findExecutable(command, searchPath))) continue;
      const managers: ManagerPresence[] = [];
      for (const [manager, name] of MANAGERS) {
        const found = await findExecutable(name, searchPath);
        if (found) managers.push({ manager, path: found });
      }
      const hint = installHint(spec, managers, process.getuid?.() === 0);
      throw new EngineError(
        'missing_tool',
        `This step runs ${command}, which is not installed (not on PATH). ${hint.text}`,
        { details: { tools: [id], install: hint.command } },
      );
    }
  }
}
