// What every fault drill asserts at its end: no process carrying the home's owner marker is left, the states the API
// reports match the processes actually alive, and files the drill cares about hold exactly the expected bytes.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { listProcs } from '../../lib/engine/processes/proc-table';
import { rpcCall } from '../helpers/rpc';

export interface OwnedProcess {
  pid: number;
  /** Value of HANGAR_PROC, the tree's record token ('' when the process carries none). */
  token: string;
  command: string;
}

/** Live processes carrying `HANGAR_OWNER=<home>`: everything a Hangar on that home started, detached ones too. */
export async function ownedBy(home: string): Promise<OwnedProcess[]> {
  const owner = `HANGAR_OWNER=${home}`;
  const found: OwnedProcess[] = [];
  for (const proc of await listProcs()) {
    if (proc.pid === process.pid) continue;
    const environ = await readFile(`/proc/${proc.pid}/environ`, 'latin1').catch(() => '');
    const entries = environ.split('\0');
    if (!entries.includes(owner)) continue;
    const token = entries.find((e) => e.startsWith('HANGAR_PROC='))?.slice(12) ?? '';
    const cmdline = await readFile(`/proc/${proc.pid}/cmdline`, 'utf8').catch(() => '');
    found.push({ pid: proc.pid, token, command: cmdline.split('\0').join(' ').trim() });
  }
  return found;
}

/** Waits (polling /proc, never sleeping blind) until no process of the home is left; fails listing the ones left. */
export async function expectNoneLeft(home: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = await ownedBy(home);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    left = await ownedBy(home);
  }
  expect(left, `processes of ${home} left behind`).toEqual([]);
}

interface RecordOnDisk {
  app: string | null;
  pid: number;
  token: string;
  daemon?: boolean;
}

/**
 * The API's states match the processes alive: a `running` app has a recorded serving process that is alive and
 * carries its record's token; an app at rest (installed, stopped, failed, install-failed) has no live process; and
 * every live process of the home is named by a record (nothing runs unrecorded).
 */
export async function expectStatesMatchProcesses(url: string, home: string): Promise<void> {
  const apps = await rpcCall(url, 'apps.list');
  const file = path.join(home, 'cache/state/processes.json');
  const records = (
    JSON.parse(await readFile(file, 'utf8').catch(() => '{"processes":[]}')) as {
      processes: RecordOnDisk[];
    }
  ).processes;
  const live = await ownedBy(home);
  const liveTokens = new Set(live.map((p) => p.token));
  for (const app of apps) {
    const mine = records.filter((r) => r.app === app.name);
    const alive = mine.filter((r) => liveTokens.has(r.token));
    if (app.state === 'running') {
      expect(
        alive.filter((r) => r.daemon),
        `${app.name} is running: its serving process is alive`,
      ).not.toEqual([]);
      expect(app.url, `${app.name} is running: it has a URL`).toBe(`/apps/${app.name}/`);
    }
    if (['installed', 'stopped', 'failed', 'install-failed'].includes(app.state)) {
      expect(alive, `${app.name} is ${app.state}: none of its processes is alive`).toEqual([]);
      expect(app.url, `${app.name} is ${app.state}: it has no URL`).toBeNull();
    }
  }
  const recorded = new Set(records.map((r) => r.token));
  expect(
    live.filter((p) => !recorded.has(p.token)),
    'live processes of the home that no record names',
  ).toEqual([]);
}

export function sha256(bytes: Buffer | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Each file holds exactly the bytes whose sha256 is given. */
export async function expectBytes(files: Record<string, string>): Promise<void> {
  for (const [file, digest] of Object.entries(files))
    expect(sha256(await readFile(file)), `sha256 of ${file}`).toBe(digest);
}

/**
 * The end of every drill. With `url` (a Hangar still serving the home) the states are checked against the live
 * processes first; then, once the drill has stopped its apps and servers (`afterStop`), no process of the home may
 * remain; `files` are checked byte for byte.
 */
export async function expectDrillInvariants(options: {
  home: string;
  url?: string;
  afterStop?: () => Promise<unknown>;
  files?: Record<string, string>;
}): Promise<{ left: number }> {
  if (options.url) await expectStatesMatchProcesses(options.url, options.home);
  if (options.afterStop) await options.afterStop();
  await expectNoneLeft(options.home);
  if (options.files) await expectBytes(options.files);
  return { left: 0 };
}
