// The environment of a shell step, in Pinokio's order: scrubbed process env, ENVIRONMENT files, params.env, -env.
import path from 'node:path';
import { asText } from '../schemas';
import { proxyEnv } from '../../network';

/** Inherited variables that point a Python or build at someone else's environment. */
const SCRUB = [
  /^PYTHONPATH$/,
  /^PYTHONHOME$/,
  /^PYTHONSTARTUP$/,
  /^PYTHONUSERBASE$/,
  /^VIRTUAL_ENV$/,
  /^CONDA_/,
  /^_CE_/,
  /^CMAKE_GENERATOR$/,
  /^CMAKE_MAKE_PROGRAM$/,
  /^PS1$/,
];

/** Caches shared by every app, under `<home>/cache` (not one copy per app). */
export function cacheDefaults(cacheDir: string): Record<string, string> {
  const at = (name: string): string => path.join(cacheDir, name);
  return {
    HF_HOME: at('HF_HOME'),
    TORCH_HOME: at('TORCH_HOME'),
    PIP_CACHE_DIR: at('PIP_CACHE_DIR'),
    UV_CACHE_DIR: at('UV_CACHE_DIR'),
    GRADIO_TEMP_DIR: at('GRADIO_TEMP_DIR'),
  };
}

const FIXED: Record<string, string> = {
  PYTHONNOUSERSITE: '1',
  PYTHONUNBUFFERED: '1',
  HF_HUB_DISABLE_UPDATE_CHECK: '1',
  GRADIO_ANALYTICS_ENABLED: 'False',
  PYTORCH_ENABLE_MPS_FALLBACK: '1',
  TORCH_FORCE_NO_WEIGHTS_ONLY_LOAD: '1',
  CMAKE_OBJECT_PATH_MAX: '1024',
  CONDA_AUTO_ACTIVATE_BASE: 'false',
  PIP_DISABLE_PIP_VERSION_CHECK: '1',
  TERM: 'xterm-256color',
};

export interface ShellEnvInput {
  /** Process env + home ENVIRONMENT + app ENVIRONMENT, as the run context merged them. */
  merged: Record<string, string>;
  /** The server's own environment: only values inherited from it are scrubbed. */
  processEnv: NodeJS.ProcessEnv;
  cacheDir: string;
  /** `<home>/drive`: model stores apps share (OLLAMA_MODELS) live in it. */
  driveDir?: string;
  /** `<home>/bin`: the tools Hangar pinned come first on PATH, so every app sees the same versions. */
  binDir?: string;
  /** Hangar's network settings for the app (proxy variables, HF_ENDPOINT): over the merged env, under params.env. */
  network?: Record<string, string>;
  /** `params.env`: strings set, arrays prepended to the existing value (PATH-like). */
  paramsEnv?: Record<string, unknown> | null;
  /** `params["-env"]`: names removed at the end. */
  remove?: string | string[];
}

function pathKey(env: Record<string, string>, key: string): string {
  if (key.toUpperCase() !== 'PATH') return key;
  return Object.keys(env).find((k) => k.toUpperCase() === 'PATH') ?? 'PATH';
}

/** The `bin` folders of a venv or conda env Hangar was started in, taken off the inherited PATH. */
function dropInheritedEnvBins(env: Record<string, string>, processEnv: NodeJS.ProcessEnv): void {
  const key = pathKey(env, 'PATH');
  const inherited = [processEnv.VIRTUAL_ENV, processEnv.CONDA_PREFIX].filter(
    (dir): dir is string => typeof dir === 'string' && dir !== '',
  );
  if (!env[key] || inherited.length === 0) return;
  const drop = new Set(inherited.map((dir) => path.join(path.resolve(dir), 'bin')));
  env[key] = env[key]
    .split(path.delimiter)
    .filter((dir) => !drop.has(path.resolve(dir || '.')))
    .join(path.delimiter);
}

export function buildShellEnv(input: ShellEnvInput): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.merged)) {
    const inherited = input.processEnv[key] === value;
    if (inherited && SCRUB.some((re) => re.test(key))) continue;
    env[key] = value;
  }
  dropInheritedEnvBins(env, input.processEnv);
  for (const [key, value] of Object.entries(cacheDefaults(input.cacheDir))) env[key] ??= value;
  if (input.driveDir) env.OLLAMA_MODELS ??= path.join(input.driveDir, 'models', 'ollama');
  Object.assign(env, FIXED);
  if (input.network) Object.assign(env, input.network);
  if (input.binDir) {
    const key = pathKey(env, 'PATH');
    env[key] = env[key] ? `${input.binDir}${path.delimiter}${env[key]}` : input.binDir;
  }
  if (input.paramsEnv) {
    for (const [rawKey, value] of Object.entries(input.paramsEnv)) {
      const key = pathKey(env, rawKey);
      if (Array.isArray(value)) {
        const parts = value.filter((v) => v !== undefined && v !== null && v !== '').map(asText);
        env[key] = [...parts, ...(env[key] ? [env[key]] : [])].join(path.delimiter);
      } else if (value !== undefined && value !== null) {
        env[key] = asText(value);
      }
    }
  }
  const remove = input.remove === undefined ? [] : [input.remove].flat();
  for (const key of remove) delete env[pathKey(env, key)];
  return env;
}

/**
 * What an app needs to reach the network as Hangar does: the proxy variables (setting over environment), and the
 * Hugging Face mirror as HF_ENDPOINT so the app's own huggingface_hub uses it (an HF_ENDPOINT already set wins).
 */
export function appNetworkEnv(
  merged: Record<string, string>,
  hfEndpoint: string | undefined,
): Record<string, string> {
  const env = proxyEnv(merged);
  if (hfEndpoint && !merged.HF_ENDPOINT) env.HF_ENDPOINT = hfEndpoint.replace(/\/+$/, '');
  return env;
}
