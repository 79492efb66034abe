// Drives one corpus launcher through install, start, its menus in each state and stop on a running Hangar.
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { fetchApp } from '../helpers/app-origin';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import { menuProblems } from './menu-check';
import type { LauncherResult } from './table';
import type { World } from './world';
import { launcherCopy } from './world/launcher-copy';

/** Log lines that mean Hangar lacks something a launcher uses. */
const MISSING =
  /not supported|unknown method|is not a function|is not defined|cannot read properties of undefined/i;

export interface RunOptions {
  server: TestServer;
  events: EventLog;
  world: World;
  corpus: string;
  timeoutMs: number;
}

class PhaseFailure extends Error {}

/** The launcher has nothing to start (a tool installed and used from its menu only). */
class NoStart extends Error {}

async function runLog(server: TestServer, runId: string | null | undefined): Promise<string> {
  if (!runId) return '';
  const logs = await server.rpc<{ entries: Array<{ data: string }> }>('runs.logs', { runId });
  return logs.entries.map((e) => e.data).join('');
}

function runError(events: EventLog, name: string): string {
  const failed = events.events
    .filter(
      (e) => e.name === 'run:status' && e.payload.app === name && e.payload.status === 'failed',
    )
    .map(
      (e) =>
        `${e.payload.script} step ${e.payload.error?.step ?? '?'}: ${e.payload.error?.message}`,
    );
  return failed.join('; ');
}

async function processesIn(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => '');
    if (cwd === dir || cwd.startsWith(dir + path.sep)) pids.push(Number(entry));
  }
  return pids;
}

async function waitForNoProcesses(dir: string, ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  let left = await processesIn(dir);
  while (left.length > 0 && Date.now() < deadline) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    left = await processesIn(dir);
  }
  return left;
}

export async function runLauncher(launcher: string, options: RunOptions): Promise<LauncherResult> {
  const { server, events, world } = options;
  const began = Date.now();
  const name = launcher.toLowerCase();
  const appDir = path.join(server.home, 'api', name);
  const result: LauncherResult = {
    launcher,
    install: 'skip',
    start: 'skip',
    menus: 'skip',
    stop: 'skip',
    failure: '',
    seconds: 0,
  };
  const menuIssues: string[] = [];
  const checkMenu = async (state: string) => {
    try {
      const app = await server.rpc<{ menu: any[] }>('apps.get', { name });
      for (const p of menuProblems(app.menu, appDir)) menuIssues.push(`${state}: ${p}`);
    } catch (error) {
      menuIssues.push(`${state}: ${(error as Error).message}`);
    }
  };
  const phase = async (key: 'install' | 'start' | 'stop', body: () => Promise<void>) => {
    try {
      await body();
      result[key] = 'pass';
    } catch (error) {
      result[key] = error instanceof NoStart ? 'n/a' : 'fail';
      throw error;
    }
  };
  try {
    await phase('install', async () => {
      const { runId } = await server.rpc<{ runId: string | null }>('apps.install', {
        source: await launcherCopy(options.corpus, launcher, world.dir),
        name,
      });
      await checkMenu('installing');
      const done = await events
        .waitFor(
          'app:status',
          (e) => e.name === name && (e.state === 'installed' || e.state === 'install-failed'),
          options.timeoutMs,
        )
        .catch(async () => {
          const tail = (await runLog(server, runId)).split('\n').slice(-4).join(' / ');
          throw new PhaseFailure(`install did not end within ${options.timeoutMs} ms: ${tail}`);
        });
      const log = await runLog(server, runId);
      if (done.state !== 'installed')
        throw new PhaseFailure(`install: ${runError(events, name) || 'install-failed'}`);
      const missing = log.split('\n').find((line) => MISSING.test(line));
      if (missing) throw new PhaseFailure(`install log: ${missing.trim()}`);
      const unresolved = (await world.shims.calls()).find(
        (c) => c.cwd.startsWith(appDir) && c.args.some((a) => a.includes('{{')),
      );
      if (unresolved)
        throw new PhaseFailure(`install ran ${unresolved.tool} ${unresolved.args.join(' ')}`);
      await checkMenu('installed');
    });
    await phase('start', async () => {
      const started = await server
        .rpc<{ url: string; runId: string }>('apps.start', { name, timeoutMs: options.timeoutMs })
        .catch((error: Error) => {
          if (/has no start script/.test(error.message)) throw new NoStart(error.message);
          throw error;
        });
      if (started.url !== `/apps/${name}/`) throw new PhaseFailure(`start: url ${started.url}`);
      const page = await fetchApp(server.port, name, '/');
      const body = await page.text();
      if (page.status !== 200 || !body.includes('stand-in'))
        throw new PhaseFailure(`start: proxy answered ${page.status} ${body.slice(0, 120)}`);
      const log = await runLog(server, started.runId);
      const missing = log.split('\n').find((line) => MISSING.test(line));
      if (missing) throw new PhaseFailure(`start log: ${missing.trim()}`);
      await checkMenu('running');
    });
    await phase('stop', async () => {
      await server.rpc('apps.stop', { name });
      await events.waitFor('app:status', (e) => e.name === name && e.state === 'stopped', 20_000);
      const left = await waitForNoProcesses(appDir, 5000);
      if (left.length > 0) throw new PhaseFailure(`stop left processes ${left.join(',')}`);
      await checkMenu('stopped');
    });
  } catch (error) {
    if (error instanceof NoStart) result.stop = 'n/a';
    const message = (error as Error).message;
    const detail =
      error instanceof NoStart
        ? ''
        : error instanceof PhaseFailure
          ? message
          : `${message} ${runError(events, name)}`;
    result.failure = detail.trim();
  }
  if (result.install === 'pass') result.menus = menuIssues.length === 0 ? 'pass' : 'fail';
  if (menuIssues.length > 0)
    result.failure = [result.failure, `menu ${menuIssues.join('; ')}`].filter(Boolean).join('; ');
  result.seconds = (Date.now() - began) / 1000;
  return result;
}
