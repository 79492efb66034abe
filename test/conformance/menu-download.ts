// Runs a model download offered by the launcher's menu against the Hugging Face stand-in (HF_ENDPOINT).
import type { MenuItem } from '../../lib/shared/menu';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import { flatten } from './menu-check';
import { PhaseFailure } from './phase-errors';
import type { World } from './world';

/** The first item running a `download…` script, or null. */
export function downloadItem(menu: MenuItem[]): MenuItem | null {
  return (
    flatten(menu).find(
      (item) =>
        typeof item.href === 'string' && /(^|\/)download[^/]*\.(js|json)(\?|$)/i.test(item.href),
    ) ?? null
  );
}

/** Runs the item to its end; it must finish and fetch at least one file from the stand-in Hub. */
export async function runDownload(
  server: TestServer,
  events: EventLog,
  world: World,
  name: string,
  item: MenuItem,
  timeoutMs: number,
): Promise<string> {
  const script = String(item.href).split('?')[0];
  const before = world.hub.requests.length;
  const { runId } = await server.rpc<{ runId: string }>('scripts.run', {
    name,
    script,
    params: { ...item.params },
  });
  const ended = await events.waitFor(
    'run:status',
    (e) => e.runId === runId && e.status !== 'running',
    timeoutMs,
  );
  if (ended.status !== 'finished')
    throw new PhaseFailure(`download ${script} ${ended.status}: ${ended.error?.message ?? ''}`);
  const fetched = world.hub.requests.slice(before).filter((r) => r.status === 200);
  if (fetched.length === 0)
    throw new PhaseFailure(`download ${script} fetched nothing from the Hub`);
  return `${script}: ${fetched.length} file(s) from the Hub stand-in`;
}
