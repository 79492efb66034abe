// Starting an app the way its menu does when it has no start script: the first item that runs a script.
import type { MenuItem } from '../../lib/shared/menu';
import { fetchApp } from '../helpers/app-origin';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import { flatten } from './menu-check';
import { runItemScript } from './menu-run';
import { PhaseFailure } from './phase-errors';

const CHORES = /(^|\/)(install|update|reset|link|uninstall)[^/]*\.(js|json)$/i;

/** The first item running a script that is not an install/update/reset chore, or null. */
export function runItem(menu: MenuItem[]): MenuItem | null {
  return (
    flatten(menu).find((item) => {
      const href = typeof item.href === 'string' ? item.href.split('?')[0] : '';
      return /\.(js|json)$/i.test(href) && !/^[a-z]+:/i.test(href) && !CHORES.test(href);
    }) ?? null
  );
}

/**
 * Runs the item's script with its params, waits for the menu to offer the URL the script captured, checks
 * that the app answers there and through Hangar's proxy.
 */
export async function startFromMenu(
  server: TestServer,
  events: EventLog,
  name: string,
  item: MenuItem,
  timeoutMs: number,
): Promise<string> {
  const { script, runId } = await runItemScript(server, name, item);
  const deadline = Date.now() + timeoutMs;
  let url: string | undefined;
  while (!url && Date.now() < deadline) {
    const ended = events
      .payloadsOf('run:status')
      .find((p) => p.runId === runId && p.status !== 'running');
    if (ended) {
      const logs = await server.rpc('runs.logs', { runId });
      const tail = logs.entries
        .map((e) => e.data)
        .join('')
        .split('\n')
        .slice(-4)
        .join(' / ');
      throw new PhaseFailure(`menu "${item.text}" (${script}) ended ${ended.status}: ${tail}`);
    }
    const app = await server.rpc('apps.get', { name });
    url = flatten(app.menu)
      .map((i) => i.href)
      .find((h): h is string => typeof h === 'string' && /^https?:\/\//.test(h));
    if (!url) await nextEvent(events, 1000);
  }
  if (!url) throw new PhaseFailure(`menu "${item.text}" (${script}): no item offered a URL`);
  // A menu may offer the URL as soon as the script runs (Pinokio's `filter: running`): wait for it to answer.
  let direct = '';
  while (!direct && Date.now() < deadline) {
    direct = await fetch(url).then(
      (r) => r.text(),
      () => '',
    );
    if (!direct) await nextEvent(events, 500);
  }
  if (!direct.includes('stand-in'))
    throw new PhaseFailure(`${url} answered ${direct.slice(0, 80)}`);
  // Hangar makes the run the app's server once its URL answers from the app's own processes.
  let app = await server.rpc('apps.get', { name });
  while (app.state !== 'running' && Date.now() < deadline) {
    await nextEvent(events, 1000);
    app = await server.rpc('apps.get', { name });
  }
  const proxied = await fetchApp(server.port, name, '/');
  if (proxied.status !== 200)
    throw new PhaseFailure(
      `started from menu "${item.text}" (${script}) at ${url}, but /apps/${name}/ answers ${proxied.status} (app ${app.state} on port ${app.port}): Hangar does not serve the menu's daemon as the app`,
    );
  return url;
}

/** Resolves at the next event of any kind, or after `ms` (the menu is read again either way). */
function nextEvent(events: EventLog, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      events.socket.offAny(done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    events.socket.onAny(done);
  });
}
