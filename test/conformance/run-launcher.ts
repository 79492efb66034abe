// Drives one corpus launcher through install, start, its menus in each state and stop on a running Hangar.
import { readdir, readlink } from 'node:fs/promises';
import path from 'node:path';
import { fetchApp } from '../helpers/app-origin';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import type { MenuItem } from '../../lib/shared/menu';
import { menuProblems, menuTexts, offersStart } from './menu-check';
import { runItem, startFromMenu } from './menu-start';
import { downloadItem, runDownload } from './menu-download';
import { itemFor, runToEnd } from './menu-run';
import { NoStart, PhaseFailure } from './phase-errors';
import type { LauncherResult } from './table';
import type { World } from './world';
import { launcherCopy } from './world/launcher-copy';

/** Log lines that mean Hangar lacks something a launcher uses. */
const MISSING =
  /not supported|unknown method|has no method|not available in Hangar|is not a function|is not defined|cannot read properties of undefined/i;

/** Throws on a line naming something Hangar lacks, or a command echoed with a template left in it. */
function logProblems(phase: string, log: string): void {
  const lines = log.split('\n');
  const missing = lines.find((line) => MISSING.test(line));
  if (missing) throw new PhaseFailure(`${phase} log: ${missing.trim()}`);
  const unrendered = lines.find((line) => /^\$ .*\{\{/.test(line.trim()));
  if (unrendered)
    throw new PhaseFailure(`${phase} ran an unrendered template: ${unrendered.trim()}`);
}

export interface RunOptions {
  server: TestServer;
  events: EventLog;
  world: World;
  corpus: string;
  timeoutMs: number;
}

async function runLog(server: TestServer, runId: string | null | undefined): Promise<string> {
  if (!runId) return '';
  const logs = await server.rpc('runs.logs', { runId });
  return logs.entries.map((e) => e.data).join('');
}

function runError(events: EventLog, name: string): string {
  const failed = events
    .payloadsOf('run:status')
    .filter((p) => p.app === name && p.status === 'failed')
    .map((p) => `${p.script} step ${p.error?.step ?? '?'}: ${p.error?.message}`);
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

/** Stops, one by one, the runs of the app still running; returns their scripts. */
async function stopLeftRuns(server: TestServer, name: string): Promise<string[]> {
  const runs = await server.rpc('runs.list', { name });
  const left = runs.filter((r) => r.status === 'running');
  for (const run of left) await server.rpc('runs.stop', { runId: run.runId });
  return left.map((r) => path.basename(r.script));
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
    update: 'skip',
    download: 'n/a',
    reset: 'n/a',
    failure: '',
    note: '',
    seconds: 0,
  };
  const menuIssues: string[] = [];
  const checkMenu = async (state: string): Promise<MenuItem[]> => {
    try {
      const app = await server.rpc('apps.get', { name });
      for (const p of menuProblems(app.menu, appDir)) menuIssues.push(`${state}: ${p}`);
      return app.menu;
    } catch (error) {
      menuIssues.push(`${state}: ${(error as Error).message}`);
      return [];
    }
  };
  let installedMenu: MenuItem[] = [];
  const phase = async (key: 'install' | 'start' | 'stop', body: () => Promise<void>) => {
    try {
      await body();
      result[key] = 'pass';
    } catch (error) {
      result[key] = error instanceof NoStart ? 'n/a' : 'fail';
      throw error;
    }
  };
  const failures: string[] = [];
  const record = (error: unknown) => {
    if (error instanceof NoStart) {
      result.start = 'n/a';
      result.stop = 'n/a';
      result.note = error.message;
      return;
    }
    const message = (error as Error).message;
    failures.push(
      error instanceof PhaseFailure ? message : `${message} ${runError(events, name)}`.trim(),
    );
  };
  let viaStart = false;
  try {
    await phase('install', async () => {
      const { runId } = await server.rpc('apps.install', {
        source: await launcherCopy(options.corpus, launcher, world.dir),
        name,
      });
      const ended = events
        .waitFor(
          'app:status',
          (e) => e.name === name && (e.state === 'installed' || e.state === 'install-failed'),
          options.timeoutMs,
        )
        .catch(async () => {
          const tail = (await runLog(server, runId)).split('\n').slice(-4).join(' / ');
          throw new PhaseFailure(`install did not end within ${options.timeoutMs} ms: ${tail}`);
        });
      // The install run first copies the launcher in; its menu renders once the launcher's own steps begin.
      const stepped = events.waitFor('run:step', (e) => e.runId === runId, options.timeoutMs);
      await Promise.race([stepped, ended]).catch(() => null);
      void stepped.catch(() => null);
      await checkMenu('installing');
      const done = await ended;
      const log = await runLog(server, runId);
      if (done.state !== 'installed')
        throw new PhaseFailure(`install: ${runError(events, name) || 'install-failed'}`);
      logProblems('install', log);
      const unresolved = (await world.shims.calls()).find(
        (c) => c.cwd.startsWith(appDir) && c.args.some((a) => a.includes('{{')),
      );
      if (unresolved)
        throw new PhaseFailure(`install ran ${unresolved.tool} ${unresolved.args.join(' ')}`);
      installedMenu = await checkMenu('installed');
    });
  } catch (error) {
    record(error);
  }
  if (result.install === 'pass') {
    try {
      const item = offersStart(installedMenu) ? null : runItem(installedMenu);
      if (!offersStart(installedMenu) && !item)
        throw new NoStart(`the menu after install offers ${menuTexts(installedMenu)}, no start`);
      await phase('start', async () => {
        if (item) {
          const url = await startFromMenu(server, events, name, item, options.timeoutMs);
          result.note = `started from menu ${menuTexts([item])} at ${url}`;
          await checkMenu('running');
          return;
        }
        viaStart = true;
        const started = await server
          .rpc('apps.start', { name, timeoutMs: options.timeoutMs })
          .catch((error: Error) => {
            if (/has no start script/.test(error.message)) throw new NoStart('no start script');
            throw error;
          });
        if (started.url !== `/apps/${name}/`) throw new PhaseFailure(`start: url ${started.url}`);
        const page = await fetchApp(server.port, name, '/');
        const body = await page.text();
        if (page.status !== 200 || !body.includes('stand-in'))
          throw new PhaseFailure(`start: proxy answered ${page.status} ${body.slice(0, 120)}`);
        const log = await runLog(server, started.runId);
        logProblems('start', log);
        await checkMenu('running');
      });
    } catch (error) {
      record(error);
    }
  }
  if (result.install === 'pass' && result.start !== 'n/a') {
    try {
      await phase('stop', async () => {
        await server.rpc('apps.stop', { name });
        if (viaStart)
          await events.waitFor(
            'app:status',
            (e) => e.name === name && e.state === 'stopped',
            20_000,
          );
        const left = await waitForNoProcesses(appDir, 5000);
        if (left.length > 0) {
          const runs = await stopLeftRuns(server, name);
          throw new PhaseFailure(
            `apps.stop left ${left.length} processes (runs of ${runs.join(', ')} still running; the harness stopped them with runs.stop)`,
          );
        }
        await checkMenu('stopped');
      });
    } catch (error) {
      record(error);
    }
  }
  // Hangar's Update, as the dashboard runs it: the launcher's files again (none changed), then its update script
  // (update.js repeats git pulls and clones of the install), which must run to its end.
  if (result.install === 'pass') {
    try {
      await server.rpc('apps.update', { name });
      result.update = 'pass';
    } catch (error) {
      result.update = 'fail';
      record(error);
    }
  }
  const download = result.install === 'pass' ? downloadItem(installedMenu) : null;
  if (download) {
    try {
      const done = await runDownload(server, events, world, name, download, options.timeoutMs);
      result.download = 'pass';
      result.note = [result.note, done].filter(Boolean).join('; ');
    } catch (error) {
      result.download = 'fail';
      record(error);
    }
  }
  // Reset brings the app back to "not installed": the menu in that state must render and offer an install.
  const reset = result.install === 'pass' ? itemFor(installedMenu, /^reset/i) : null;
  if (reset) {
    try {
      await runToEnd(server, events, name, reset, options.timeoutMs);
      const menu = await checkMenu('after reset');
      if (!itemFor(menu, /^install/i))
        menuIssues.push(`after reset: offers ${menuTexts(menu)}, no install`);
      result.reset = 'pass';
    } catch (error) {
      result.reset = 'fail';
      record(error);
    }
  }
  const mine = (await world.shims.calls()).filter((c) => c.cwd.startsWith(appDir));
  if (mine.length > 0) {
    const tools = [...new Set(mine.map((c) => c.tool))].map(
      (t) => `${t} ${mine.filter((c) => c.tool === t).length}`,
    );
    result.note = [result.note, `recorded ${tools.join(', ')}`].filter(Boolean).join('; ');
  }
  result.failure = failures.join('; ');
  if (result.install === 'pass') result.menus = menuIssues.length === 0 ? 'pass' : 'fail';
  if (menuIssues.length > 0)
    result.failure = [result.failure, `menu ${menuIssues.join('; ')}`].filter(Boolean).join('; ');
  result.seconds = (Date.now() - began) / 1000;
  return result;
}
