// Loads a Pinokio script file (JSON or JS module in any of its export forms) into a runnable shape.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineError, errorMessage } from '../errors';
import { jsonError, requireFresh, withImports } from './imports';

export interface StepSpec {
  method: string | Function;
  params?: unknown;
  uri?: string;
  id?: string;
  when?: unknown;
  next?: number | string | null;
  returns?: unknown;
  notify?: unknown;
  queue?: boolean;
  [k: string]: unknown;
}

export interface LoadedScript {
  /** Absolute path of the script file. */
  file: string;
  /** Folder of the script file. */
  dir: string;
  /** `json` scripts can be written back by `self.set`/`json.set`; `js` ones cannot. */
  format: 'json' | 'js';
  /** The loaded object, with automatic imports from the app folder on missing keys. */
  self: Record<string, unknown>;
  /** Steps, when `run` is an array. */
  steps: StepSpec[] | null;
  /** `run` as a function `(kernel, info, ctx)` returning steps. */
  runFn: ((...a: unknown[]) => unknown) | null;
  daemon: boolean;
  requires?: unknown;
  /** `env` (or legacy `pre`) form of required environment variables. */
  env?: unknown;
  /** Loads the file again (fresh modules), as `loadScript` did; absent for scripts not loaded from a run. */
  reload?: () => Promise<LoadedScript>;
}

export interface LoadContext {
  kernel: unknown;
  info: unknown;
  /** App (launcher) root: automatic imports resolve from here. */
  appDir: string;
}

/**
 * Loads `file`. Errors: EngineError 'not_found', 'script_parse' (file:line:col), 'not_runnable' (with the reason),
 * 'script_error' (the module or its factory function threw).
 */
export async function loadScript(file: string, context: LoadContext): Promise<LoadedScript> {
  const abs = path.resolve(file);
  const raw = await loadRaw(abs, context);
  return { ...toLoadedScript(abs, raw, context.appDir), reload: () => loadScript(abs, context) };
}

/** Loads a module's value (JSON parsed; JS exports unwrapped, functions called, classes constructed). */
export async function loadRaw(
  abs: string,
  context: Pick<LoadContext, 'kernel' | 'info'>,
): Promise<unknown> {
  try {
    if (!(await stat(abs)).isFile()) throw new Error('not a file');
  } catch {
    throw new EngineError('not_found', `Script not found: ${abs}`, { details: { file: abs } });
  }
  if (abs.endsWith('.json')) {
    const text = await readFile(abs, 'utf8');
    try {
      return JSON.parse(text);
    } catch (error) {
      throw jsonError(abs, text, error);
    }
  }
  const exported = await importModule(abs);
  return instantiate(exported, abs, context);
}

/** Checks a loaded value and shapes it into a LoadedScript, or throws 'not_runnable' with the reason. */
export function toLoadedScript(abs: string, raw: unknown, appDir: string): LoadedScript {
  const why = notRunnableReason(raw);
  if (why) {
    throw new EngineError('not_runnable', `${abs} is not a runnable script: ${why}`, {
      details: { file: abs, reason: why },
    });
  }
  const obj = raw as Record<string, unknown>;
  const run = obj.run;
  let steps: StepSpec[] | null = null;
  if (Array.isArray(run)) {
    steps = run as StepSpec[];
    validateSteps(abs, steps);
  }
  return {
    file: abs,
    dir: path.dirname(abs),
    format: abs.endsWith('.json') ? 'json' : 'js',
    self: withImports(obj, appDir),
    steps,
    runFn: typeof run === 'function' ? (run as (...a: unknown[]) => unknown) : null,
    daemon: obj.daemon === true,
    requires: obj.requires,
    env: obj.env ?? obj.pre,
  };
}

/** Why a loaded value cannot run, or null when it can. */
export function notRunnableReason(raw: unknown): string | null {
  if (raw === null || raw === undefined) return 'it exports nothing';
  if (Array.isArray(raw)) return 'it exports an array, not an object with a `run` array';
  if (typeof raw !== 'object')
    return `it exports a ${typeof raw}, not an object with a \`run\` array`;
  const run = (raw as Record<string, unknown>).run;
  if (run === undefined) {
    const keys = Object.keys(raw).slice(0, 8);
    return `it has no \`run\` array${keys.length ? ` (keys: ${keys.join(', ')})` : ''}`;
  }
  if (!Array.isArray(run) && typeof run !== 'function')
    return '`run` is neither an array of steps nor a function';
  const proto = Object.getPrototypeOf(raw);
  if (
    typeof run === 'function' &&
    proto !== Object.prototype &&
    proto !== null &&
    !Object.hasOwn(raw, 'run')
  ) {
    return 'it is a class instance whose methods are called through a step `uri` (a custom method module)';
  }
  return null;
}

/**
 * Why `on[].trigger` cannot name `action` in a script (`self`), or null when it names another top-level array
 * of steps. The main `run` is never one: it cannot be queued again.
 */
export function unknownActionReason(self: Record<string, unknown>, action: string): string | null {
  if (action !== 'run' && Array.isArray(self[action])) return null;
  const actions = Object.keys(self).filter((key) => key !== 'run' && Array.isArray(self[key]));
  const known =
    actions.length > 0
      ? `its other actions: ${actions.join(', ')}`
      : 'it has no action besides run';
  return `names no array of steps in the script (${known})`;
}

/** Resolves steps returned by a `run` function and validates them. */
export function validateSteps(file: string, steps: unknown): asserts steps is StepSpec[] {
  if (!Array.isArray(steps)) {
    throw new EngineError(
      'not_runnable',
      `${file} is not a runnable script: \`run\` did not produce an array of steps`,
      {
        details: { file },
      },
    );
  }
  steps.forEach((step, index) => {
    const ok =
      step &&
      typeof step === 'object' &&
      (typeof step.method === 'string' || typeof step.method === 'function');
    if (!ok) {
      throw new EngineError(
        'not_runnable',
        `${file} is not a runnable script: step ${index + 1} has no \`method\``,
        {
          details: { file, step: index },
        },
      );
    }
  });
}

/**
 * Fails with EngineError('unknown_method') naming file, step index and the known methods when a step uses a
 * method that is neither known nor desktop-only. Steps with a custom `uri` module or an inline function pass.
 */
export function assertKnownMethods(
  script: Pick<LoadedScript, 'file'>,
  steps: StepSpec[],
  known: readonly string[],
): void {
  const set = new Set(known);
  steps.forEach((step, index) => {
    if (typeof step.method !== 'string' || step.uri) return;
    if (set.has(step.method)) return;
    throw unknownMethodError(script.file, index, step.method, known);
  });
}

export function unknownMethodError(
  file: string,
  index: number,
  method: string,
  known: readonly string[],
): EngineError {
  return new EngineError(
    'unknown_method',
    `${file}: step ${index + 1} uses unknown method "${method}". Known methods: ${[...known].sort().join(', ')}`,
    { details: { file, step: index, method } },
  );
}

async function importModule(abs: string): Promise<unknown> {
  try {
    return requireFresh(abs);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const esm =
      code === 'ERR_REQUIRE_ESM' ||
      /Cannot use import statement|Unexpected token 'export'/.test(errorMessage(error));
    if (esm) {
      try {
        const mtime = (await stat(abs)).mtimeMs;
        return await import(`${pathToFileURL(abs).href}?v=${mtime}`);
      } catch (inner) {
        throw moduleError(abs, inner);
      }
    }
    throw moduleError(abs, error);
  }
}

async function instantiate(
  exported: unknown,
  abs: string,
  context: Pick<LoadContext, 'kernel' | 'info'>,
): Promise<unknown> {
  let value = exported;
  if (
    value &&
    typeof value === 'object' &&
    'default' in value &&
    (isModuleNamespace(value) || (value as { __esModule?: boolean }).__esModule)
  ) {
    value = (value as { default: unknown }).default;
  }
  if (typeof value !== 'function') return value;
  try {
    if (isClass(value)) return new (value as new () => unknown)();
    return await (value as (k: unknown, i: unknown) => unknown)(context.kernel, context.info);
  } catch (error) {
    throw new EngineError(
      'script_error',
      `${abs}: the exported function threw: ${errorMessage(error)}`,
      {
        details: { file: abs },
        cause: error,
      },
    );
  }
}

function isClass(fn: Function): boolean {
  return /^class[\s{]/.test(Function.prototype.toString.call(fn));
}

function isModuleNamespace(value: object): boolean {
  return Object.prototype.toString.call(value) === '[object Module]';
}

function moduleError(abs: string, error: unknown): EngineError {
  if (error instanceof SyntaxError) {
    const stack = error.stack ?? '';
    const at = new RegExp(`${escapeRegExp(abs)}:(\\d+)(?::(\\d+))?`).exec(stack);
    const caret = /\n([^\n]*)\n( *)\^/.exec(stack);
    const line = at ? Number(at[1]) : 1;
    const column = at?.[2] ? Number(at[2]) : caret ? caret[2]!.length + 1 : 1;
    return new EngineError('script_parse', `${abs}:${line}:${column}: ${error.message}`, {
      details: { file: abs, line, column },
      cause: error,
    });
  }
  return new EngineError(
    'script_error',
    `${abs}: loading the module failed: ${errorMessage(error)}`,
    {
      details: { file: abs },
      cause: error,
    },
  );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
