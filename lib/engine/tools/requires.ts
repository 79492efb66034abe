// A launcher's `requires` ({bundle} or the legacy list) turned into tool ids, and checked against the registry.
import { EngineError } from '../errors';
import type { SystemSnapshot } from '../../shared/system';
import type { ToolRegistry, ToolStatus } from './registry';
import { isToolId, type ToolId } from './tool-specs';
import { requiredNodeVersion } from './node-version';

export interface Requirements {
  /** Tools without which the launcher's scripts cannot work: missing ones stop the run before step 1. */
  required: ToolId[];
  /** Tools many apps of the bundle use: reported, never blocking. */
  recommended: ToolId[];
  /** Bundle names and legacy entries Hangar does not know (kept for the report). */
  unknown: string[];
}

const PY: ToolId[] = ['git', 'python3', 'venv'];
const JS: ToolId[] = ['git', 'node', 'npm'];
const BUILD: ToolId[] = ['cc', 'cxx', 'make'];

/** Pinokio's setup bundles, reduced to the tools Hangar's shell steps actually call. */
const BUNDLES: Record<string, { required: ToolId[]; recommended: ToolId[] }> = {
  git: { required: ['git'], recommended: [] },
  python: { required: PY, recommended: ['uv'] },
  javascript: { required: JS, recommended: [] },
  dev: { required: [...PY, 'node', 'npm'], recommended: ['uv'] },
  ai: { required: PY, recommended: ['uv', 'ffmpeg', 'cc', 'cxx'] },
  prod_dev: { required: [...PY, 'node', 'npm', ...BUILD], recommended: ['uv', 'cmake'] },
  advanced_dev: {
    required: [...PY, 'node', 'npm', ...BUILD],
    recommended: ['uv', 'cmake', 'ffmpeg'],
  },
  network: { required: [], recommended: [] },
  connect: { required: [], recommended: [] },
};

/** Legacy entry names (conda/brew/pip package names) that correspond to a tool. */
const LEGACY_NAMES: Record<string, ToolId[]> = {
  git: ['git'],
  ffmpeg: ['ffmpeg'],
  nodejs: ['node', 'npm'],
  node: ['node', 'npm'],
  npm: ['npm'],
  cmake: ['cmake'],
  make: ['make'],
  gcc: ['cc'],
  gxx: ['cxx'],
  'g++': ['cxx'],
  clang: ['cc'],
  'build-essential': ['cc', 'cxx', 'make'],
  'gxx_linux-64': ['cxx'],
  cuda: ['nvcc'],
  cudatoolkit: ['nvcc'],
  'cuda-toolkit': ['nvcc'],
  'cuda-nvcc': ['nvcc'],
  uv: ['uv'],
  python: ['python3'],
  python3: ['python3'],
  conda: ['conda'],
};

/** Reads `requires`: `{bundle}` (string or list), Hangar's `{tools: [...]}`, or the legacy list of entries. */
export function parseRequires(
  requires: unknown,
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu'>,
): Requirements {
  const out: Requirements = { required: [], recommended: [], unknown: [] };
  const add = (list: ToolId[], ids: ToolId[]) =>
    ids.forEach((id) => list.includes(id) || list.push(id));
  if (Array.isArray(requires)) {
    for (const entry of requires) {
      const item =
        typeof entry === 'string' ? { name: entry } : (entry as Record<string, unknown> | null);
      if (!item || typeof item !== 'object' || !appliesTo(item, system)) continue;
      // `nodejs=20` / `node@20`: the tool, its version read by requiredNodeVersion.
      const name = scalarText(item.name)
        .toLowerCase()
        .replace(/^(nodejs|node)\s*[@=].*$/, '$1');
      const ids = LEGACY_NAMES[name] ?? (isToolId(name) ? [name] : null);
      if (ids) add(out.required, ids);
      else if (name) out.unknown.push(name);
    }
  } else if (requires && typeof requires === 'object') {
    const obj = requires as Record<string, unknown>;
    const bundles = Array.isArray(obj.bundle)
      ? obj.bundle
      : obj.bundle === undefined
        ? []
        : [obj.bundle];
    for (const bundle of bundles.map(String)) {
      const known = BUNDLES[bundle];
      if (!known) {
        out.unknown.push(`bundle:${bundle}`);
        continue;
      }
      add(out.required, known.required);
      add(out.recommended, known.recommended);
    }
    for (const tool of Array.isArray(obj.tools) ? obj.tools.map(String) : []) {
      if (isToolId(tool)) add(out.required, [tool]);
      else out.unknown.push(tool);
    }
  }
  if (system.gpu === 'nvidia' && out.recommended.length > 0) add(out.recommended, ['nvidia-smi']);
  out.recommended = out.recommended.filter((id) => !out.required.includes(id));
  return out;
}

/** A legacy field's text: strings, numbers and booleans as written, anything else as nothing. */
function scalarText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
    ? String(value)
    : '';
}

/** Legacy entries carry `platform`/`arch`/`gpu` filters (a value or a list). */
function appliesTo(
  item: Record<string, unknown>,
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu'>,
): boolean {
  const match = (want: unknown, have: string) =>
    want === undefined ||
    (Array.isArray(want) ? want.map(scalarText).includes(have) : scalarText(want) === have);
  return (
    match(item.platform, system.platform) &&
    match(item.arch, system.arch) &&
    match(item.gpu, system.gpu)
  );
}

export interface RequirementCheck extends Requirements {
  missing: ToolStatus[];
  recommendedMissing: ToolStatus[];
}

export async function checkRequirements(
  requires: unknown,
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu'>,
  registry: ToolRegistry,
): Promise<RequirementCheck> {
  const parsed = parseRequires(requires, system);
  return {
    ...parsed,
    missing: await registry.missing(parsed.required),
    recommendedMissing: await registry.missing(parsed.recommended),
  };
}

/** Tools Hangar installs into bin/ before the step that calls them: never a reason to refuse a launcher. */
const PROVISIONED_ON_DEMAND: ToolId[] = ['uv'];

/** The runner's hook: throws `missing_tool` listing what is missing and how to get each, before step 1. */
export async function assertRequirements(
  requires: unknown,
  system: Pick<SystemSnapshot, 'platform' | 'arch' | 'gpu'>,
  registry: ToolRegistry,
): Promise<void> {
  const check = await checkRequirements(requires, system, registry);
  // A Node version named in `requires` is provisioned into bin/ before this check (ensureRequiredNode).
  const provided = requiredNodeVersion(requires) ? ['node', 'npm'] : [];
  const missing = check.missing.filter(
    (t) => !PROVISIONED_ON_DEMAND.includes(t.id) && !provided.includes(t.id),
  );
  if (missing.length === 0) return;
  throw new EngineError('missing_tool', formatMissing(missing), {
    details: {
      missing: missing.map((t) => ({
        id: t.id,
        title: t.title,
        command: t.install?.command ?? null,
        hint: t.install?.text ?? '',
      })),
    },
  });
}

export function formatMissing(missing: ToolStatus[]): string {
  const lines = missing.map((t) => `  - ${t.install?.text ?? t.title}`);
  return `This launcher needs tools that are missing on this machine:\n${lines.join('\n')}\nInstall them, then try again.`;
}
