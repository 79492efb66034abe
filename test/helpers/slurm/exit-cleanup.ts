// Last-resort teardown when the test process ends or is interrupted before a cluster's stop() ran.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';

export interface LeftOvers {
  pids: () => number[];
  netns: () => string[];
  /** Host veth ends and the bridge. */
  links: () => string[];
  dir: string;
}

const registered = new Set<LeftOvers>();
let hooked = false;

function cleanupAll(): void {
  for (const left of registered) {
    for (const ns of left.netns()) {
      const out = spawnSync('ip', ['netns', 'pids', ns], { encoding: 'utf8' }).stdout ?? '';
      for (const pid of out
        .split('\n')
        .map(Number)
        .filter((p) => p > 0))
        killQuietly(pid);
    }
    for (const pid of left.pids()) killQuietly(pid);
    for (const link of left.links()) spawnSync('ip', ['link', 'del', link]);
    for (const ns of left.netns()) spawnSync('ip', ['netns', 'del', ns]);
    rmSync(left.dir, { recursive: true, force: true });
  }
  registered.clear();
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    // ESRCH: it is gone already, which is what we want.
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

function onSignal(signal: NodeJS.Signals): void {
  cleanupAll();
  process.kill(process.pid, signal);
}

/** Registers a cluster's resources; returns the function that unregisters them once stop() has run. */
export function registerLeftOvers(left: LeftOvers): () => void {
  if (!hooked) {
    hooked = true;
    process.once('exit', cleanupAll);
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, onSignal);
  }
  registered.add(left);
  return () => registered.delete(left);
}
