// File methods: fs.write/append/read/cat/rm/copy/make, every path checked to stay inside the app (or drive/cache).
import { constants } from 'node:fs';
import { cp, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { EngineError } from '../errors';
import { realPathOf } from './real-path';
import type { StepContext, StepMethod } from './types';

type Params = Record<string, unknown>;

function obj(method: string, params: unknown): Params {
  if (params === null || typeof params !== 'object' || Array.isArray(params)) {
    throw new EngineError('invalid_params', `${method} needs an object of params`);
  }
  return params as Params;
}

function pathParam(method: string, ctx: StepContext, p: Params, key = 'path'): string {
  const value = p[key];
  if (typeof value !== 'string' || value.length === 0) {
    throw new EngineError('invalid_params', `${method} needs a "${key}" string`);
  }
  return ctx.resolvePath(value, { param: key, allowDrive: true, allowCache: true });
}

function contentOf(method: string, p: Params): string | Uint8Array {
  if (typeof p.text === 'string') return p.text;
  if (p.json !== undefined) return JSON.stringify(p.json);
  if (p.json2 !== undefined) return JSON.stringify(p.json2, null, 2);
  if (p.buffer instanceof Uint8Array) return p.buffer;
  if (p.text !== undefined) return String(p.text);
  throw new EngineError(
    'invalid_params',
    `${method} needs one of "text", "json", "json2" or "buffer"`,
  );
}

function protectRoots(method: string, ctx: StepContext, target: string): void {
  const roots = [ctx.appDir, ctx.home.root, ctx.home.drive, ctx.home.cache].map((r) =>
    path.resolve(r),
  );
  if (roots.includes(path.resolve(target))) {
    throw new EngineError('path_escape', `${method} refuses to remove a root folder (${target})`);
  }
}

const { O_WRONLY, O_CREAT, O_TRUNC, O_APPEND, O_NOFOLLOW } = constants;

/**
 * Writes to the real path of a checked file (symlinks already followed and found inside), opened with
 * O_NOFOLLOW: a symlink put in its place after the check is refused instead of followed.
 */
async function writeChecked(
  method: string,
  file: string,
  content: string | Uint8Array,
  flags: number,
): Promise<void> {
  const real = realPathOf(file);
  await mkdir(path.dirname(real), { recursive: true });
  let handle;
  try {
    handle = await open(real, flags | O_WRONLY | O_CREAT | O_NOFOLLOW, 0o666);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ELOOP') throw error;
    throw new EngineError(
      'path_escape',
      `${method} refuses ${file}: it became a symlink while being written`,
      { details: { path: file } },
    );
  }
  try {
    await handle.writeFile(content);
  } finally {
    await handle.close();
  }
}

const write: StepMethod = async (params, ctx) => {
  const p = obj('fs.write', params);
  await writeChecked('fs.write', pathParam('fs.write', ctx, p), contentOf('fs.write', p), O_TRUNC);
  return undefined;
};

const append: StepMethod = async (params, ctx) => {
  const p = obj('fs.append', params);
  await writeChecked(
    'fs.append',
    pathParam('fs.append', ctx, p),
    contentOf('fs.append', p),
    O_APPEND,
  );
  return undefined;
};

const read: StepMethod = async (params, ctx) => {
  const p = obj('fs.read', params);
  const file = pathParam('fs.read', ctx, p);
  const encoding = typeof p.encoding === 'string' ? (p.encoding as BufferEncoding) : undefined;
  return encoding ? readFile(file, encoding) : readFile(file);
};

const cat: StepMethod = async (params, ctx) => {
  const p = obj('fs.cat', params);
  ctx.log(await readFile(pathParam('fs.cat', ctx, p), 'utf8'));
  return undefined;
};

const remove: StepMethod = async (params, ctx) => {
  const p = obj('fs.rm', params);
  const target = pathParam('fs.rm', ctx, p);
  protectRoots('fs.rm', ctx, target);
  await rm(target, { recursive: true, force: true });
  return undefined;
};

const copy: StepMethod = async (params, ctx) => {
  const p = obj('fs.copy', params);
  const src = pathParam('fs.copy', ctx, p, 'src');
  const dest = realPathOf(pathParam('fs.copy', ctx, p, 'dest'));
  const options = p.options && typeof p.options === 'object' ? (p.options as Params) : {};
  await mkdir(path.dirname(dest), { recursive: true });
  // Every file copied is checked where it lands: a symlink already in the destination tree must not lead out.
  const filter = (_from: string, to: string): boolean =>
    Boolean(ctx.resolvePath(to, { param: 'dest', allowDrive: true, allowCache: true }));
  await cp(src, dest, {
    recursive: true,
    force: options.force !== false,
    errorOnExist: options.errorOnExist === true,
    filter,
  });
  return undefined;
};

const make: StepMethod = async (params, ctx) => {
  const p = obj('fs.make', params);
  await mkdir(realPathOf(pathParam('fs.make', ctx, p)), { recursive: true });
  return undefined;
};

export const fsMethods: Record<string, StepMethod> = {
  'fs.write': write,
  'fs.append': append,
  'fs.read': read,
  'fs.cat': cat,
  'fs.rm': remove,
  'fs.remove': remove,
  'fs.copy': copy,
  'fs.make': make,
};
