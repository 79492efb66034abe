// The diagnostics bundle: config, versions, doctor report and an app's last logs, secrets redacted, as logs/*.tar.gz.
import {
  lstat,
  mkdir,
  mkdtemp,
  open,
  readFile,
  rename,
  rm,
  stat,
  writeFile,
} from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { create as createTar } from 'tar';
import type { HomeLayout } from '../home';
import { environmentValues, redactEnvironment, redactText, redactValue } from '../audit/redact';

export interface BundleRun {
  runId: string;
  script: string;
  status: string;
  startedAt: number;
  logFile: string;
  error?: unknown;
}

export interface BundleOptions {
  home: HomeLayout;
  /** The app whose ENVIRONMENT and last run logs go in. */
  app?: string;
  /** Runs of that app, oldest first; the last `maxRuns` logs are included. */
  runs?: BundleRun[];
  versions: Record<string, unknown>;
  doctor?: unknown;
  maxRuns?: number;
  /** Bytes kept from the end of each log (default 256 KiB). */
  maxLogBytes?: number;
}

export interface BundleResult {
  file: string;
  /** The file's name in logs/ (what the server serves it by). */
  name: string;
  bytes: number;
  entries: string[];
}

export async function createDiagnosticsBundle(options: BundleOptions): Promise<BundleResult> {
  const { home } = options;
  const staging = await mkdtemp(path.join(os.tmpdir(), 'hangar-diagnostics-'));
  try {
    const entries: string[] = [];
    const secrets: string[] = [];
    const put = async (rel: string, text: string) => {
      await mkdir(path.dirname(path.join(staging, rel)), { recursive: true });
      await writeFile(path.join(staging, rel), text);
      entries.push(rel);
    };
    const config = await readText(home.config);
    const homeEnv = await readText(path.join(home.root, 'ENVIRONMENT'));
    const appEnv = options.app
      ? await readText(path.join(home.api, options.app, 'ENVIRONMENT'))
      : null;
    for (const env of [homeEnv, appEnv]) if (env) secrets.push(...environmentValues(env));
    if (config !== null) {
      let redacted: string;
      try {
        redacted = JSON.stringify(redactValue(JSON.parse(config), [], secrets), null, 2);
      } catch {
        // A corrupt config is worth seeing: include its text, redacted as plain text.
        redacted = redactText(config, secrets);
      }
      await put('config.json', `${redacted}\n`);
    }
    if (homeEnv !== null) await put('ENVIRONMENT', redactEnvironment(homeEnv));
    if (options.app && appEnv !== null)
      await put(`apps/${options.app}/ENVIRONMENT`, redactEnvironment(appEnv));
    await put('versions.json', `${JSON.stringify(redactValue(options.versions), null, 2)}\n`);
    if (options.doctor !== undefined)
      await put('doctor.json', `${JSON.stringify(redactValue(options.doctor), null, 2)}\n`);
    const runs = (options.runs ?? []).slice(-(options.maxRuns ?? 5));
    if (options.app) {
      await put(
        `apps/${options.app}/runs.json`,
        `${JSON.stringify(redactValue(runs.map(({ logFile: _log, ...r }) => r)), null, 2)}\n`,
      );
      for (const run of runs) {
        const log = await readTail(run.logFile, options.maxLogBytes ?? 256 * 1024);
        if (log !== null)
          await put(`apps/${options.app}/logs/${run.runId}.log`, redactText(log, secrets));
      }
    }
    await put(
      'manifest.json',
      `${JSON.stringify({ createdAt: new Date().toISOString(), app: options.app ?? null, entries }, null, 2)}\n`,
    );
    const name = `diagnostics-${new Date().toISOString().replace(/[:.]/g, '-')}.tar.gz`;
    const file = path.join(home.logs, name);
    await mkdir(home.logs, { recursive: true });
    // Written under another name and renamed: a bundle cut short never looks complete.
    const partial = `${file}.partial`;
    try {
      await createTar({ gzip: true, file: partial, cwd: staging, portable: true }, entries);
      await rename(partial, file);
    } finally {
      await rm(partial, { force: true });
    }
    return { file, name, bytes: (await stat(file)).size, entries };
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}

const BUNDLE_NAME = /^diagnostics-[0-9TZ-]+\.tar\.gz$/;

/** The path of a finished bundle in logs/ by its name, or null for any other name or file (nothing outside logs/). */
export async function findBundle(
  home: HomeLayout,
  name: string,
): Promise<{ file: string; bytes: number } | null> {
  if (!BUNDLE_NAME.test(name)) return null;
  const file = path.join(home.logs, name);
  try {
    const info = await lstat(file);
    return info.isFile() ? { file, bytes: info.size } : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readText(file: string): Promise<string | null> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function readTail(file: string, maxBytes: number): Promise<string | null> {
  let handle;
  try {
    handle = await open(file, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, maxBytes);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    return buffer.toString('utf8');
  } finally {
    await handle.close();
  }
}
