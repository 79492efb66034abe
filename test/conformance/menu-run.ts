// Runs the script a menu item points at, with the item's params, to its end.
import type { MenuItem } from '../../lib/shared/menu';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import { flatten } from './menu-check';
import { PhaseFailure } from './phase-errors';

/** The first item whose script's file name matches `pattern` (e.g. /^reset/), or null. */
export function itemFor(menu: MenuItem[], pattern: RegExp): MenuItem | null {
  return (
    flatten(menu).find((item) => {
      const href = typeof item.href === 'string' ? item.href.split('?')[0] : '';
      return /\.(js|json)$/i.test(href) && pattern.test(href.split('/').pop() ?? '');
    }) ?? null
  );
}

/** Starts the script a menu item names (its href without the query), with the item's params. */
export async function runItemScript(
  server: TestServer,
  name: string,
  item: MenuItem,
): Promise<{ script: string; runId: string }> {
  const script = String(item.href).split('?')[0]!;
  const { runId } = await server.rpc('scripts.run', { name, script, params: { ...item.params } });
  return { script, runId };
}

/** Runs the item's script; throws unless it finishes. Returns the script. */
export async function runToEnd(
  server: TestServer,
  events: EventLog,
  name: string,
  item: MenuItem,
  timeoutMs: number,
): Promise<string> {
  const { script, runId } = await runItemScript(server, name, item);
  const ended = await events.waitFor(
    'run:status',
    (e) => e.runId === runId && e.status !== 'running',
    timeoutMs,
  );
  if (ended.status !== 'finished')
    throw new PhaseFailure(`${script} ${ended.status}: ${ended.error?.message ?? ''}`);
  return script;
}
