// Streams a tar (plain, gzip or xz) into a folder, rejecting entries that would escape it.
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { Parser, type ReadEntry } from 'tar';
import { EngineError, errorMessage } from '../../errors';
import { WriteWindow } from './write-window';
import { checkHardlink, checkSymlink, entryTarget } from './entry-guard';
import { ContainedTree, WRITE_NOFOLLOW, writeNoFollow } from './contained-tree';

export interface TarExtractOptions {
  compression: 'none' | 'gzip' | 'xz';
  strip?: number;
  signal?: AbortSignal;
}

/** Files up to this size are gathered in memory and written in one call; larger ones stream. */
const SMALL_FILE = 4 << 20;

/** Decompresses `.xz` with the system `xz` (no maintained pure-JS xz decoder keeps up with it). */
function xzStream(file: string, signal?: AbortSignal): { stream: Readable; done: Promise<void> } {
  const child = spawn('xz', ['-dc', '--', file], { stdio: ['ignore', 'pipe', 'pipe'], signal });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const done = new Promise<void>((resolve, reject) => {
    child.once('error', (error) => {
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
      reject(
        new EngineError(
          missing ? 'missing_tool' : 'internal',
          missing
            ? 'Extracting .tar.xz needs the `xz` program (install xz-utils)'
            : errorMessage(error),
          { cause: error },
        ),
      );
    });
    child.once('close', (code) =>
      code === 0
        ? resolve()
        : reject(
            new EngineError(
              'archive_unsafe',
              `xz could not decompress ${file}: ${stderr.trim() || `exit ${code}`}`,
            ),
          ),
    );
  });
  return { stream: child.stdout, done };
}

const FILE_TYPES = new Set(['File', 'OldFile', 'ContiguousFile']);

export async function extractTar(
  file: string,
  dir: string,
  options: TarExtractOptions,
): Promise<number> {
  const strip = options.strip ?? 0;
  const tree = await ContainedTree.open(dir);
  const window = new WriteWindow();
  const links: (() => Promise<void>)[] = [];
  let failure: unknown = null;
  let entries = 0;

  const onEntry = (entry: ReadEntry): void => {
    try {
      const name = String(entry.path);
      const rel = entryTarget(name, strip);
      if (rel === null || failure) {
        entry.resume();
        return;
      }
      const mode = (entry.mode ?? 0o644) & 0o777;
      entries += 1;
      if (entry.type === 'Directory') {
        entry.resume();
        window.add(tree.folder(name, rel), 0);
      } else if (FILE_TYPES.has(entry.type)) {
        if (entry.size > SMALL_FILE) {
          // Weightless in the window: a streamed entry needs more input to finish, so it must never block
          // the feeding loop; stream backpressure bounds its memory instead.
          window.add(
            tree.place(name, rel).then(async (target) => {
              const out = (await open(target, WRITE_NOFOLLOW, mode || 0o644)).createWriteStream({
                highWaterMark: 1 << 20,
              });
              entry.pipe(out);
              await finished(out);
            }),
            0,
          );
          return;
        }
        const chunks: Buffer[] = [];
        entry.on('data', (c: Buffer) => chunks.push(c));
        entry.on('end', () => {
          const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
          window.add(
            tree.place(name, rel).then((target) => writeNoFollow(target, body, mode || 0o644)),
            body.length,
          );
        });
      } else if (entry.type === 'SymbolicLink') {
        const linkpath = String(entry.linkpath ?? '');
        checkSymlink(name, rel, linkpath);
        entry.resume();
        links.push(() => tree.symlink(name, rel, linkpath));
      } else if (entry.type === 'Link') {
        const source = checkHardlink(name, String(entry.linkpath ?? ''), strip);
        entry.resume();
        links.push(() => tree.hardlink(name, rel, source));
      } else {
        // Devices, FIFOs and unknown types are never created from a download.
        entry.resume();
      }
    } catch (error) {
      failure ??= error;
      entry.resume();
    }
  };

  const parser = new Parser({ onReadEntry: onEntry });
  parser.on('error', (error: unknown) => (failure ??= error));
  const source = options.compression === 'xz' ? xzStream(file, options.signal) : null;
  // Awaited below when the stream is read to its end; an early stop must not leave it unhandled.
  source?.done.catch((error: unknown) => (failure ??= error));
  const input = source
    ? source.stream
    : createReadStream(file, { highWaterMark: 1 << 20, signal: options.signal });
  try {
    for await (const chunk of input) {
      if (failure) break;
      if (!parser.write(chunk as Buffer)) await new Promise((r) => parser.once('drain', r));
      await window.room();
    }
    if (!failure) {
      await new Promise<void>((resolve, reject) => {
        parser.once('error', reject);
        parser.end(resolve);
      });
      await source?.done;
    } else input.destroy();
    await window.drain();
    if (!failure) {
      // Links last and one at a time, each checked against the links already on disk.
      for (const make of links) await make();
      await tree.verifyLinks();
    }
  } catch (error) {
    failure ??= error;
    // Let writes already started finish (or fail) before the caller removes the staging folder.
    await window.drain().catch(() => undefined);
  }
  if (failure) {
    if (failure instanceof EngineError) throw failure;
    if (options.signal?.aborted)
      throw new EngineError('cancelled', `Extraction of ${file} was cancelled`);
    throw new EngineError('archive_unsafe', `Could not extract ${file}: ${errorMessage(failure)}`, {
      cause: failure,
    });
  }
  return entries;
}
