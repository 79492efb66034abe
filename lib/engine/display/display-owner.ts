// Who stops a run's virtual displays once their step has returned: the run's last other process ending.
import { readdir, readFile, readlink } from 'node:fs/promises';
import { collectTree } from '../processes/kill-tree';
import type { ProcessSupervisor } from '../processes/supervisor';
import type { SupervisedProcess } from '../processes/supervised-process';
import { isDisplayId } from './virtual-display';

export interface LiveDisplay {
  /** Supervised process id of the Xvfb. */
  id: string;
  app: string | null;
  runId: string;
  number: number;
}

/**
 * A display's step owns it while it runs and stops it when its command ends within the step. A command that keeps
 * running after its step (an app's server) hands the display over here: it is stopped when no other process of its
 * run is left, also after a restart (an adopted display goes with its adopted daemon).
 */
export class DisplayOwner {
  private static readonly owners = new WeakMap<ProcessSupervisor, DisplayOwner>();
  private readonly handed = new Set<string>();

  /** The one owner of a supervisor's displays. */
  static of(supervisor: ProcessSupervisor): DisplayOwner {
    let owner = DisplayOwner.owners.get(supervisor);
    if (!owner) {
      owner = new DisplayOwner(supervisor);
      DisplayOwner.owners.set(supervisor, owner);
    }
    return owner;
  }

  private constructor(private readonly supervisor: ProcessSupervisor) {
    supervisor.onExit((event) => {
      if (isDisplayId(event.id)) return;
      void this.settle(event.runId);
    });
  }

  /** The display `id` outlives its step: it goes when its run has no other process left. */
  handOver(id: string): void {
    this.handed.add(id);
  }

  /** Stops the handed-over displays of runs that have nothing else running (after a restart's recovery). */
  async sweep(): Promise<void> {
    const runs = new Set(this.displays().map((d) => d.runId));
    await Promise.all([...runs].map((runId) => this.settle(runId)));
  }

  /** The live virtual displays of an app, with the number each Xvfb bound. */
  async list(app: string): Promise<LiveDisplay[]> {
    const found: LiveDisplay[] = [];
    for (const entry of this.displays().filter((d) => d.app === app)) {
      const number = entry.pid === null ? null : await displayNumberOf(entry.pid);
      if (number !== null) found.push({ id: entry.id, app, runId: entry.runId, number });
    }
    return found;
  }

  private displays(): SupervisedProcess[] {
    return this.supervisor.list().filter((p) => isDisplayId(p.id) && p.alive);
  }

  private async settle(runId: string): Promise<void> {
    const others = this.supervisor.list({ runId }).some((p) => !isDisplayId(p.id) && p.alive);
    if (others) return;
    const ours = this.displays().filter(
      (d) => d.runId === runId && (this.handed.has(d.id) || d.daemon),
    );
    await Promise.all(
      ours.map(async (d) => {
        this.handed.delete(d.id);
        await this.supervisor.stop(d.id);
      }),
    );
  }
}

/**
 * The display an X server in the tree of `pid` (Xvfb under its keeper) listens on: the `/tmp/.X11-unix/X<n>` socket
 * among its open files (`-displayfd` leaves no lock file to read).
 */
export async function displayNumberOf(pid: number): Promise<number | null> {
  const pids = new Set((await collectTree({ pid })).map((p) => p.pid));
  pids.add(pid);
  const inodes = new Set<string>();
  for (const member of pids) {
    for (const fd of await readdir(`/proc/${member}/fd`).catch(() => [] as string[])) {
      const link = await readlink(`/proc/${member}/fd/${fd}`).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(link);
      if (match) inodes.add(match[1]!);
    }
  }
  const table = await readFile('/proc/net/unix', 'utf8').catch(() => '');
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    const socketPath = fields[7];
    const match = socketPath ? /\/tmp\/\.X11-unix\/X(\d+)$/.exec(socketPath) : null;
    if (match && inodes.has(fields[6]!)) return Number(match[1]);
  }
  return null;
}
