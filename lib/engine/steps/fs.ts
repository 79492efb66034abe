// File methods: fs.write/append/read/cat/rm/copy/make, every path checked to stay inside the app (or drive/cache).
import { constants } from 'node:fs';
import { cp, mkdir, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { EngineError } from '../errors';
import { defineStep, pathOptions, widePath, type StepDescriptor } from './descriptor';
import { realPathOf } from './real-path';
import { asText, fields } from './schemas';
import type { StepContext } from './types';

const PATH = widePath('path');
const SRC = widePath('src');
const DEST = widePath('dest');

const content = {
  text: z.unknown().optional(),
  json: z.unknown().optional(),
  json2: z.unknown().optional(),
  buffer: z.instanceof(Uint8Array).optional(),
};
const pathField = z.string().min(1, { error: 'expected a path' });
const withPath = fields({ path: pathField }, 'expected {path}');
const writeParams = fields({ path: pathField, ...content }, 'expected {path, text}');

function contentOf(method: string, p: z.output<typeof writeParams>): string | Uint8Array {
  if (typeof p.text === 'string') return p.text;
  if (p.json !== undefined) return JSON.stringify(p.json);
  if (p.json2 !== undefined) return JSON.stringify(p.json2, null, 2);
  if (p.buffer !== undefined) return p.buffer;
  if (p.text !== undefined) return asText(p.text);
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

const writer = (method: string, flags: number, summary: string): StepDescriptor =>
  defineStep({
    summary,
    params: writeParams,
    paths: [PATH],
    run: (p, ctx) =>
      writeChecked(method, ctx.resolvePath(p.path, pathOptions(PATH)), contentOf(method, p), flags),
  });

const read = defineStep({
  summary: 'returns the content of a file (text with an encoding, else bytes)',
  params: fields({ path: pathField, encoding: z.string().optional() }, 'expected {path}'),
  paths: [PATH],
  run: async (p, ctx) => {
    const file = ctx.resolvePath(p.path, pathOptions(PATH));
    return p.encoding ? readFile(file, p.encoding as BufferEncoding) : readFile(file);
  },
});

const cat = defineStep({
  summary: 'writes a file to the run log',
  params: withPath,
  paths: [PATH],
  run: async (p, ctx) =>
    ctx.log(await readFile(ctx.resolvePath(p.path, pathOptions(PATH)), 'utf8')),
});

const remove = defineStep({
  summary: 'removes a file or folder (never a root folder)',
  params: withPath,
  paths: [PATH],
  run: async (p, ctx) => {
    const target = ctx.resolvePath(p.path, pathOptions(PATH));
    protectRoots('fs.rm', ctx, target);
    await rm(target, { recursive: true, force: true });
  },
});

const copy = defineStep({
  summary: 'copies a file or folder; every file is checked where it lands',
  params: fields(
    {
      src: pathField,
      dest: pathField,
      options: z
        .looseObject({ force: z.boolean().optional(), errorOnExist: z.boolean().optional() })
        .optional(),
    },
    'expected {src, dest}',
  ),
  paths: [SRC, DEST],
  run: async (p, ctx) => {
    const src = ctx.resolvePath(p.src, pathOptions(SRC));
    const dest = realPathOf(ctx.resolvePath(p.dest, pathOptions(DEST)));
    await mkdir(path.dirname(dest), { recursive: true });
    // Every file copied is checked where it lands: a symlink already in the destination tree must not lead out.
    const filter = (_from: string, to: string): boolean =>
      Boolean(ctx.resolvePath(to, pathOptions(DEST)));
    await cp(src, dest, {
      recursive: true,
      force: p.options?.force !== false,
      errorOnExist: p.options?.errorOnExist === true,
      filter,
    });
  },
});

const make = defineStep({
  summary: 'creates a folder (and its parents)',
  params: withPath,
  paths: [PATH],
  run: async (p, ctx) => {
    await mkdir(realPathOf(ctx.resolvePath(p.path, pathOptions(PATH))), { recursive: true });
  },
});

export const fsSteps: Record<string, StepDescriptor> = {
  'fs.write': writer('fs.write', O_TRUNC, 'writes text, JSON or bytes to a file'),
  'fs.append': writer('fs.append', O_APPEND, 'appends text, JSON or bytes to a file'),
  'fs.read': read,
  'fs.cat': cat,
  'fs.rm': remove,
  'fs.remove': remove,
  'fs.copy': copy,
  'fs.make': make,
};
