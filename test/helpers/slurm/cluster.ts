// A real Slurm cluster for tests: its own munged, slurmctld on a bridge, one slurmd per network namespace.
import { chmod, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { gpuDeviceFiles, renderGresConf, renderSlurmConf, type ConfigInput } from './config';
import { logTail, startDaemon, stopDaemon, type Daemon } from './daemon';
import { run } from './exec';
import { registerLeftOvers } from './exit-cleanup';
import { mungeAnswers, startMunged } from './munge';
import { pickNames } from './names';
import { createNetwork, netnsPids, removeNetwork, type CreatedNetwork } from './network';
import { pollUntil } from './readiness';
import type { SlurmCluster, SlurmClusterOptions, SlurmNode } from './types';

export type { SlurmCluster, SlurmClusterOptions, SlurmNode } from './types';

const PARTITION = 'gpu';

/** Starts a cluster (needs root); on failure tears down what it started and throws with the daemons' log tails. */
export async function startSlurmCluster(options: SlurmClusterOptions = {}): Promise<SlurmCluster> {
  const nodeCount = options.nodes ?? 2;
  const names = await pickNames(nodeCount);
  const dir = await mkdtemp(path.join(os.tmpdir(), `hangar-slurm-${names.id}-`));
  // munged refuses a socket below a directory that others cannot search.
  await chmod(dir, 0o755);
  const nodes: SlurmNode[] = Array.from({ length: nodeCount }, (_, i) => {
    const n = names.node(i);
    return { name: n.name, addr: n.addr, netns: n.netns };
  });
  const created: CreatedNetwork = { bridge: false, netns: [], hostVeths: [] };
  const daemons: Daemon[] = [];
  const slurmds = new Map<string, Daemon>();
  let munged: Daemon | undefined;
  const unregister = registerLeftOvers({
    pids: () => daemons.filter((d) => !d.hasExited()).map((d) => d.pid),
    netns: () => [...created.netns],
    links: () => [...created.hostVeths, ...(created.bridge ? [names.bridge] : [])],
    dir,
  });
  const conf = path.join(dir, 'slurm.conf');
  const env = { SLURM_CONF: conf };
  let stopped: Promise<void> | undefined;

  const stop = (): Promise<void> => {
    stopped ??= (async () => {
      for (const node of nodes) await killNamespace(node.netns);
      for (const d of [...daemons].reverse()) await stopDaemon(d);
      await removeNetwork(created, names.bridge);
      await rm(dir, { recursive: true, force: true });
      unregister();
    })();
    return stopped;
  };

  try {
    for (const sub of ['state', 'spool', 'run', 'log']) await mkdir(path.join(dir, sub));
    const input: ConfigInput = {
      dir,
      clusterName: names.clusterName,
      controlHost: os.hostname().split('.')[0],
      hostAddr: names.hostAddr,
      ctldPort: await getPort(),
      slurmdPort: await getPort(),
      partition: PARTITION,
      nodes,
      gpusPerNode: options.gpusPerNode ?? 2,
      gpuType: options.gpuType,
      cpusPerNode: options.cpusPerNode ?? 2,
      memoryMbPerNode: options.memoryMbPerNode ?? 2000,
      slurmdTimeout: options.slurmdTimeout ?? 3,
      messageTimeout: options.messageTimeout ?? 5,
      extraConf: options.extraConf ?? [],
      extraPartitions: options.extraPartitions ?? [],
    };
    await writeFile(conf, renderSlurmConf(input));
    await writeFile(path.join(dir, 'gres.conf'), renderGresConf(input));
    for (const node of nodes) {
      await mkdir(path.join(dir, 'spool', node.name));
      await mkdir(path.join(dir, 'dev', node.name), { recursive: true });
      for (const file of gpuDeviceFiles(dir, node.name, input.gpusPerNode)) {
        await run('mknod', [file, 'c', '1', '3']);
      }
    }
    await createNetwork(names, nodeCount, created);

    const readyMs = options.readyTimeoutMs ?? 60_000;
    munged = await startMunged(dir);
    daemons.push(munged);
    await pollUntil(
      'munged answering',
      () => mungeAnswers(dir),
      () => daemons,
      readyMs,
    );
    const log = (daemon: string) => path.join(dir, 'log', `${daemon}.log`);
    daemons.push(startDaemon('slurmctld', 'slurmctld', ['-D', '-f', conf], log('slurmctld')));
    for (const node of nodes) {
      const d = startSlurmd(node, conf, log(node.name));
      daemons.push(d);
      slurmds.set(node.name, d);
    }
    await pollUntil(
      `${nodeCount} nodes IDLE`,
      () => allIdle(env, nodes.length),
      () => daemons,
      readyMs,
    );
  } catch (error) {
    const logs = ['slurmctld', ...nodes.map((n) => n.name)]
      .map((d) => `--- ${d}:\n${logTail(path.join(dir, 'log', `${d}.log`), 15)}`)
      .join('\n');
    await stop().catch((e: Error) => {
      throw new Error(`${(error as Error).message}\n(teardown failed too: ${e.message})`);
    });
    throw new Error(`Slurm test cluster did not start: ${(error as Error).message}\n${logs}`, {
      cause: error,
    });
  }

  return {
    conf,
    env,
    partition: PARTITION,
    clusterName: names.clusterName,
    nodes,
    hostAddr: names.hostAddr,
    dir,
    logFile: (daemon) => path.join(dir, 'log', `${daemon}.log`),
    killSlurmd: async (name) => {
      const d = slurmds.get(name);
      if (!d)
        throw new Error(
          `no node ${name} in this cluster (nodes: ${[...slurmds.keys()].join(', ')})`,
        );
      d.child.kill('SIGKILL');
      await d.exited;
    },
    crashNode: async (name) => {
      const node = nodes.find((n) => n.name === name);
      if (!node) throw new Error(`no node ${name} in this cluster`);
      await killNamespace(node.netns);
      await slurmds.get(name)?.exited;
    },
    hideOnNode: async (name, hidden) => {
      const node = nodes.find((n) => n.name === name);
      const old = slurmds.get(name);
      if (!node || !old) throw new Error(`no node ${name} in this cluster`);
      await stopDaemon(old);
      daemons.splice(daemons.indexOf(old), 1);
      const d = startSlurmd(node, conf, path.join(dir, 'log', `${name}.log`), hidden);
      daemons.push(d);
      slurmds.set(name, d);
      await pollUntil(
        `${name} IDLE again`,
        () => allIdle(env, 1, name),
        () => daemons,
        60_000,
      );
    },
    stopMunged: async () => {
      if (munged) await stopDaemon(munged);
    },
    stop,
  };
}

/**
 * A node's slurmd in the node's network namespace; with `hidden`, also in a mount namespace of its own where an
 * empty tmpfs covers that folder (the node, and every job it runs, sees it empty).
 */
function startSlurmd(node: SlurmNode, conf: string, log: string, hidden?: string): Daemon {
  // nsenter (not `ip netns exec`) keeps the host's /sys, where slurmd looks for cgroup mounts.
  const slurmd = [`--net=/run/netns/${node.netns}`, 'slurmd', '-D', '-f', conf, '-N', node.name];
  if (!hidden) return startDaemon(`slurmd ${node.name}`, 'nsenter', slurmd, log);
  return startDaemon(
    `slurmd ${node.name} (${hidden} hidden)`,
    'unshare',
    [
      '--mount',
      '--propagation=private',
      '--',
      'bash',
      '--noprofile',
      '--norc',
      '-c',
      'mount -t tmpfs -o size=1m hangar-hidden "$1" && shift && exec nsenter "$@"',
      'bash',
      hidden,
      ...slurmd,
    ],
    log,
  );
}

/** Whether sinfo shows `count` nodes (or only the node `only`), every one IDLE. */
async function allIdle(
  env: Record<string, string>,
  count: number,
  only?: string,
): Promise<boolean> {
  const args = ['-h', '-N', '-o', '%N %t', ...(only ? ['-n', only] : [])];
  const out = await run('sinfo', args, { env, timeoutMs: 10_000 }).catch(() => '');
  // A node in several partitions has a line in each.
  const states = new Map(
    out
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ') as [string, string]),
  );
  return states.size === count && [...states.values()].every((state) => state === 'idle');
}

/** SIGKILLs every process in a namespace (job steps and jobs included) and waits until none is left. */
async function killNamespace(netns: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const pids = await netnsPids(netns);
    if (pids.length === 0) return;
    if (Date.now() > deadline) throw new Error(`processes left in ${netns}: ${pids.join(' ')}`);
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
