// The tools a launcher will need (from its steps' commands and params and its `requires`), and who provides each.
import type { SystemSnapshot } from '../../shared/system';
import { parseRequires } from './requires';
import { providedByHangar } from './provided';
import { toolSpec, type ToolId } from './tool-specs';

export interface ToolNeed {
  id: ToolId;
  title: string;
  /** Where the need comes from: `install.js step 2 (git)`, `requires`… (first few). */
  from: string[];
  /** `hangar`: Hangar installs it into bin/ itself; `system`: the machine must have it. */
  provider: 'hangar' | 'system';
  /** How Hangar gets it, or what the user installs. */
  how: string;
}

export interface PlannedScript {
  file: string;
  steps: Array<{ index: number; method: string; params?: unknown }>;
  requires?: unknown;
}

/** Command words and the tool each runs. */
const COMMANDS: Record<string, ToolId> = {
  git: 'git',
  uv: 'uv',
  uvx: 'uv',
  python: 'python3',
  python3: 'python3',
  pip: 'python3',
  pip3: 'python3',
  node: 'node',
  npm: 'npm',
  npx: 'npm',
  ffmpeg: 'ffmpeg',
  conda: 'conda',
  micromamba: 'conda',
  mamba: 'conda',
  cmake: 'cmake',
  make: 'make',
};

const MAX_FROM = 3;

export function toolsNeeded(
  scripts: PlannedScript[],
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu'>,
): ToolNeed[] {
  const found = new Map<ToolId, string[]>();
  const need = (id: ToolId, from: string): void => {
    const list = found.get(id) ?? [];
    if (!list.includes(from)) list.push(from);
    found.set(id, list);
  };
  for (const script of scripts) {
    if (script.requires !== undefined) {
      const req = parseRequires(script.requires, system);
      for (const id of req.required) need(id, `${script.file} requires`);
    }
    for (const step of script.steps) {
      const at = `${script.file} step ${step.index + 1}`;
      const params = isRecord(step.params) ? step.params : {};
      if (!step.method.startsWith('shell.')) continue;
      for (const word of commandWords(params.message)) {
        const id = COMMANDS[word];
        if (id) need(id, `${at} (${word})`);
      }
      if (params.venv !== undefined && params.venv !== null && params.venv !== '')
        need('venv', `${at} (venv)`);
      if (params.venv_python !== undefined) need('uv', `${at} (venv_python)`);
      if (params.conda !== undefined && params.conda !== null && params.conda !== false)
        need('conda', `${at} (conda)`);
    }
  }
  return [...found].map(([id, from]) => {
    const spec = toolSpec(id);
    const provided = providedByHangar(id);
    return {
      id,
      title: spec.title,
      from: from
        .slice(0, MAX_FROM)
        .concat(from.length > MAX_FROM ? [`+${from.length - MAX_FROM} more`] : []),
      provider: provided ? 'hangar' : 'system',
      how: provided ?? `needs it on the machine: ${systemHow(id)}`,
    };
  });
}

function systemHow(id: ToolId): string {
  const spec = toolSpec(id);
  const packages = Object.entries(spec.packages).map(([manager, pkg]) => `${manager}: ${pkg}`);
  return packages.length > 0 ? `${packages.join(', ')}; or ${spec.manual}` : spec.manual;
}

/** The first word of each command in a message (string, array, or argv object's `_`). */
function commandWords(message: unknown): string[] {
  const lines: string[] = [];
  if (typeof message === 'string') lines.push(message);
  else if (Array.isArray(message)) lines.push(...message.filter((m) => typeof m === 'string'));
  else if (isRecord(message) && Array.isArray(message._) && typeof message._[0] === 'string')
    lines.push(message._[0]);
  const words: string[] = [];
  for (const line of lines)
    for (const command of line.split(/&&|\|\||[;|\n(]/)) {
      const word = /^\s*(?:[A-Za-z_][A-Za-z0-9_]*=\S*\s+)*([A-Za-z0-9_.+-]+)/.exec(command)?.[1];
      if (word) words.push(word);
    }
  return words;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return !!value && typeof value === 'object' && !Array.isArray(value);
}
