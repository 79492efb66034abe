// Runs a model download offered by the launcher's menu against the Hugging Face stand-in (HF_ENDPOINT).
import type { MenuItem } from '../../lib/shared/menu';
import type { TestServer } from '../helpers/server';
import type { EventLog } from '../helpers/socket-events';
import { itemFor, runToEnd } from './menu-run';
import { PhaseFailure } from './phase-errors';
import type { World } from './world';

/** The first item running a `download…` script, or null. */
export function downloadItem(menu: MenuItem[]): MenuItem | null {
  return itemFor(menu, /^download/i);
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
  const before = world.hub.requests.length;
  const script = await runToEnd(server, events, name, item, timeoutMs);
  const fetched = world.hub.requests.slice(before).filter((r) => r.status === 200);
  if (fetched.length === 0)
    throw new PhaseFailure(`download ${script} fetched nothing from the Hub`);
  return `${script}: ${fetched.length} file(s) from the Hub stand-in`;
}
