// JSON file methods: json.set/rm/get (= self.set/rm) patch files beside the script; load reads them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineError, errorMessage } from '../errors';
import { writeJsonAtomic } from '../home';
import { keysOf, removePath, setPath } from './dotted';
import type { StepContext, StepMethod } from './types';

function fileMap(method: string, params: unknown): Record<string, unknown> {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new EngineError('invalid_params', `${method} needs {"file.json": …}`);
  }
  return params as Record<string, unknown>;
}

async function readJsonOr(
  file: string,
  fallback: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return fallback;
    throw error;
  }
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch (error) {
    throw new EngineError('script_parse', `${file} is not valid JSON: ${errorMessage(error)}`, {
      details: { file },
    });
  }
}

async function patchFile(
  ctx: StepContext,
  name: string,
  patch: (doc: Record<string, unknown>) => void,
): Promise<void> {
  const file = ctx.resolvePath(name, { param: name });
  if (!file.endsWith('.json')) {
    // Pinokio writes only .json files here; a .js script changes by editing its file (fs.write, a shell command).
    ctx.log(`${name} is not a .json file: left as it is, as Pinokio does\n`, 'info');
    return;
  }
  const doc = await readJsonOr(file, {});
  patch(doc);
  await writeJsonAtomic(file, doc);
  if (path.resolve(file) === path.resolve(ctx.scriptFile)) {
    for (const key of Object.keys(ctx.self)) if (!(key in doc)) delete ctx.self[key];
    Object.assign(ctx.self, doc);
  }
}

export const jsonSet: StepMethod = async (params, ctx) => {
  for (const [name, values] of Object.entries(fileMap('json.set', params))) {
    if (values === null || typeof values !== 'object') {
      throw new EngineError(
        'invalid_params',
        `json.set: the value for ${name} must be an object of {key: value}`,
      );
    }
    await patchFile(ctx, name, (doc) => {
      for (const [key, value] of Object.entries(values as Record<string, unknown>))
        setPath(doc, key, value);
    });
  }
  return undefined;
};

export const jsonRm: StepMethod = async (params, ctx) => {
  for (const [name, keys] of Object.entries(fileMap('json.rm', params))) {
    await patchFile(ctx, name, (doc) => {
      for (const key of keysOf(keys)) removePath(doc, key);
    });
  }
  return undefined;
};

export const jsonGet: StepMethod = async (params, ctx) => {
  for (const [key, name] of Object.entries(fileMap('json.get', params))) {
    if (typeof name !== 'string')
      throw new EngineError('invalid_params', `json.get: ${key} must name a file`);
    const file = ctx.resolvePath(name, { param: key });
    ctx.memory.local[key] = await readJsonOr(file, {});
  }
  return undefined;
};

/** Reads a JSON or JS file fresh (module caches are bypassed so edits are seen). */
export async function loadDataFile(file: string): Promise<unknown> {
  if (file.endsWith('.json')) return readJsonOr(file, {});
  if (file.endsWith('.mjs')) {
    const mod = (await import(`${pathToFileURL(file).href}?t=${Date.now()}`)) as {
      default?: unknown;
    };
    return mod.default ?? mod;
  }
  const req = createRequire(file);
  delete req.cache[req.resolve(file)];
  const mod = req(file) as { default?: unknown };
  return mod && typeof mod === 'object' && 'default' in mod ? mod.default : mod;
}

export const load: StepMethod = async (params, ctx) => {
  const result: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(fileMap('load', params))) {
    if (typeof name !== 'string')
      throw new EngineError('invalid_params', `load: ${key} must name a file`);
    result[key] = await loadDataFile(ctx.resolvePath(name, { param: key }));
  }
  return result;
};

export const jsonMethods: Record<string, StepMethod> = {
  'json.set': jsonSet,
  'json.rm': jsonRm,
  'json.get': jsonGet,
  'self.set': jsonSet,
  'self.rm': jsonRm,
  load,
};
