// JSON file methods: json.set/rm/get (= self.set/rm) patch files beside the script; load reads them.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { EngineError, errorMessage } from '../errors';
import { writeJsonAtomic } from '../home';
import { defineStep, type StepDescriptor } from './descriptor';
import { keysOf, removePath, setPath } from './dotted';
import { keyList } from './schemas';
import type { StepContext } from './types';

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

/** `{"file.json": {key: value}}` to set, or `{"file.json": keys}` to remove. */
export const fileSets = z.record(z.string(), z.record(z.string(), z.unknown()), {
  error: 'expected {"file.json": {key: value}}',
});
const fileKeys = z.record(z.string(), keyList, { error: 'expected {"file.json": keys}' });
/** `{name: "file.json"}`: each file read into `name`. */
const namedFiles = z.record(z.string(), z.string(), { error: 'expected {name: "file.json"}' });

/** Sets (or removes) dotted keys in JSON files beside the script; `self` follows its own file. */
export async function patchJsonFiles(
  how: 'set' | 'rm',
  files: Record<string, unknown>,
  ctx: StepContext,
): Promise<void> {
  for (const [name, values] of Object.entries(files)) {
    await patchFile(ctx, name, (doc) => {
      if (how === 'rm') for (const key of keysOf(values)) removePath(doc, key);
      else
        for (const [key, value] of Object.entries(values as Record<string, unknown>))
          setPath(doc, key, value);
    });
  }
}

const jsonSet = defineStep({
  summary: 'sets dotted keys in JSON files',
  params: fileSets,
  run: (files, ctx) => patchJsonFiles('set', files, ctx),
});

const jsonRm = defineStep({
  summary: 'removes dotted keys from JSON files',
  params: fileKeys,
  run: (files, ctx) => patchJsonFiles('rm', files, ctx),
});

const jsonGet = defineStep({
  summary: 'reads JSON files into local memory',
  params: namedFiles,
  run: async (files, ctx) => {
    for (const [key, name] of Object.entries(files)) {
      const file = ctx.resolvePath(name, { param: key });
      ctx.memory.local[key] = await readJsonOr(file, {});
    }
  },
});

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

const load = defineStep({
  summary: 'reads JSON or JS files and returns them by name',
  params: namedFiles,
  run: async (files, ctx) => {
    const result: Record<string, unknown> = {};
    for (const [key, name] of Object.entries(files))
      result[key] = await loadDataFile(ctx.resolvePath(name, { param: key }));
    return result;
  },
});

export const jsonSteps: Record<string, StepDescriptor> = {
  'json.set': jsonSet,
  'json.rm': jsonRm,
  'json.get': jsonGet,
  'self.set': jsonSet,
  'self.rm': jsonRm,
  load,
};
