// kernel.download, import, log, symlink and wait: Pinokio's kernel helpers, kept inside the Hangar home.
import { createWriteStream } from 'node:fs';
import { appendFile, lstat, mkdir, readlink, rename, rm, stat, symlink } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { EngineError, errorMessage } from '../errors';
import { fileNameOf } from '../steps/downloads/params';
import type { StepContext } from '../steps/types';
import { abortableDelay } from '../steps/wait';
import type { KernelRuntime } from './kernel';
import type { OnData } from './kernel-shell';
import { findClone, parseGitUri } from './resolve-uri';

export interface WaitOptions {
  /** `http(s)://…` (any answer below 500… or `http-get://`), `tcp:host:port`, `tcp:port`, or a file path. */
  resources: string[];
  /** Give up after this many ms (default: never). */
  timeout?: number;
  /** Poll every this many ms (default 250). */
  interval?: number;
  /** Wait this many ms before the first check. */
  delay?: number;
  /** Wait until the resources are gone instead. */
  reverse?: boolean;
}

export interface KernelExtras {
  /** Downloads `uri` into the folder `path` (as `filename`, else the URL's file name); returns the file. */
  download(
    options: { uri: string; path: string; filename?: string },
    ondata?: OnData,
  ): Promise<string>;
  /** `{name: variables}` of the scripts each URI names: their `local` bag, or the shared `global` one. */
  import(
    type: 'local' | 'global',
    params: Record<string, string>,
    cwd?: string,
  ): Record<string, Record<string, unknown>>;
  /** Appends text (or a Pinokio `{raw|cleaned}` packet) to the running script's log, else to the home's shell log. */
  log(data: unknown, group?: string, info?: unknown): Promise<void>;
  /** Makes `from` a symlink to `to` (both inside the home); an existing symlink at `from` is replaced. */
  symlink(options: { from: string; to: string }): Promise<void>;
  /** wait-on: resolves once every resource is available (or gone, with `reverse`); throws on timeout. */
  wait(options: WaitOptions): Promise<void>;
}

/** Members that resolve relative paths against the launcher folder `base` and stay inside the home. */
export function kernelExtras(
  runtime: KernelRuntime,
  base: string,
  ctx?: StepContext,
): KernelExtras {
  const inHome = (p: string, what: string): string => {
    const abs = path.resolve(base, p.startsWith('~/') ? path.join(runtime.home, p.slice(2)) : p);
    const rel = path.relative(runtime.home, abs);
    if (rel.startsWith('..') || path.isAbsolute(rel))
      throw new EngineError('path_escape', `kernel.${what}: ${p} is outside the Hangar home`, {
        details: { path: p },
      });
    return abs;
  };
  const scriptPath = (uri: string, cwd: string): string | null => {
    const git = parseGitUri(uri);
    if (git) {
      const clone = findClone(path.join(runtime.home, 'api'), git.repo);
      return clone ? path.resolve(clone, git.sub) : null;
    }
    return uri.startsWith('~/') ? path.resolve(runtime.home, uri.slice(2)) : path.resolve(cwd, uri);
  };
  return {
    async download(options, ondata) {
      const dir = inHome(options.path, 'download');
      const file = path.join(dir, options.filename ?? fileNameOf(options.uri));
      inHome(file, 'download');
      const say = (raw: string) => (ondata ? ondata({ raw, cleaned: raw }) : ctx?.log(raw));
      say(`\r\nDownloading ${options.uri} to ${dir}...\r\n`);
      const res = await fetch(options.uri, { signal: ctx?.signal });
      if (!res.ok || !res.body)
        throw new EngineError('network', `kernel.download: ${options.uri} answered ${res.status}`);
      await mkdir(dir, { recursive: true });
      const part = `${file}.part`;
      try {
        await pipeline(Readable.fromWeb(res.body as never), createWriteStream(part));
      } catch (error) {
        await rm(part, { force: true });
        throw new EngineError(
          'network',
          `kernel.download: ${options.uri} broke off: ${errorMessage(error)}`,
          {
            cause: error,
          },
        );
      }
      await rename(part, file);
      say('\r\nDownload Complete!\r\n');
      return file;
    },
    import(type, params, cwd = base) {
      const out: Record<string, Record<string, unknown>> = {};
      for (const [name, uri] of Object.entries(params)) {
        const file = scriptPath(uri, cwd);
        out[name] = type === 'global' ? (runtime.globals ?? {}) : file ? runtime.localOf(file) : {};
      }
      return out;
    },
    async log(data) {
      const packet = data as { cleaned?: unknown; raw?: unknown } | null;
      const text =
        typeof data === 'string'
          ? data
          : typeof packet?.cleaned === 'string'
            ? packet.cleaned
            : typeof packet?.raw === 'string'
              ? packet.raw
              : `${JSON.stringify(data)}\n`;
      if (ctx) return ctx.log(text);
      const file = path.join(runtime.home, 'logs', 'shell', 'cleaned', 'index.txt');
      await mkdir(path.dirname(file), { recursive: true });
      await appendFile(file, text);
    },
    async symlink({ from, to }) {
      const link = inHome(from, 'symlink');
      const target = inHome(to, 'symlink');
      const existing = await lstat(link).catch(() => null);
      if (existing && !existing.isSymbolicLink())
        throw new EngineError(
          'invalid_params',
          `kernel.symlink: ${from} exists and is not a symlink`,
        );
      if (existing) {
        if (path.resolve(path.dirname(link), await readlink(link)) === target) return;
        await rm(link);
      }
      await mkdir(path.dirname(link), { recursive: true });
      await symlink(target, link, 'junction');
    },
    async wait(options) {
      const interval = options.interval ?? 250;
      const deadline = options.timeout ? Date.now() + options.timeout : Infinity;
      const signal = ctx?.signal ?? new AbortController().signal;
      if (options.delay) await abortableDelay(options.delay, signal);
      for (;;) {
        const states = await Promise.all(options.resources.map((r) => available(r, base)));
        if (states.every((up) => up === !options.reverse)) return;
        if (Date.now() >= deadline)
          throw new EngineError(
            'timeout',
            `kernel.wait: timed out waiting for ${options.resources.join(', ')}`,
          );
        await abortableDelay(interval, signal);
      }
    },
  };
}

/** Whether one wait-on resource is there now. */
async function available(resource: string, base: string): Promise<boolean> {
  const http = /^(https?)(?:-get)?:\/\/(.+)$/.exec(resource);
  if (http) {
    try {
      const res = await fetch(`${http[1]}://${http[2]}`, {
        method: resource.includes('-get://') ? 'GET' : 'HEAD',
        signal: AbortSignal.timeout(5000),
      });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 400;
    } catch {
      // not answering yet (refused or timed out); the caller polls again
      return false;
    }
  }
  const tcp = /^tcp:(?:([^:]+):)?(\d+)$/.exec(resource);
  if (tcp) return connects(tcp[1] ?? 'localhost', Number(tcp[2]));
  const file = path.resolve(base, resource.replace(/^file:/, ''));
  return stat(file).then(
    () => true,
    () => false,
  );
}

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
    socket.setTimeout(5000, () => done(false));
  });
}
