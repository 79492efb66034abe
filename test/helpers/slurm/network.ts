// The cluster's network: a bridge with the host's address and one namespace per node, joined by a veth pair.
import { run } from './exec';
import type { ClusterNames } from './names';

/** What exists so far: teardown removes exactly this. */
export interface CreatedNetwork {
  bridge: boolean;
  netns: string[];
  hostVeths: string[];
}

/** Creates the bridge and every node namespace; `created` records each step so a failure can be undone. */
export async function createNetwork(
  names: ClusterNames,
  nodeCount: number,
  created: CreatedNetwork,
): Promise<void> {
  await run('ip', ['link', 'add', names.bridge, 'type', 'bridge']);
  created.bridge = true;
  await run('ip', ['addr', 'add', `${names.hostAddr}/24`, 'dev', names.bridge]);
  await run('ip', ['link', 'set', names.bridge, 'up']);
  for (let i = 0; i < nodeCount; i++) {
    const n = names.node(i);
    await run('ip', ['netns', 'add', n.netns]);
    created.netns.push(n.netns);
    await run('ip', ['link', 'add', n.hostVeth, 'type', 'veth', 'peer', 'name', n.nodeVeth]);
    created.hostVeths.push(n.hostVeth);
    await run('ip', ['link', 'set', n.hostVeth, 'master', names.bridge, 'up']);
    await run('ip', ['link', 'set', n.nodeVeth, 'netns', n.netns]);
    await run('ip', ['-n', n.netns, 'addr', 'add', `${n.addr}/24`, 'dev', n.nodeVeth]);
    await run('ip', ['-n', n.netns, 'link', 'set', n.nodeVeth, 'up']);
    await run('ip', ['-n', n.netns, 'link', 'set', 'lo', 'up']);
  }
}

/** Pids of every process in a namespace (empty when the namespace is gone). */
export async function netnsPids(netns: string): Promise<number[]> {
  const out = await run('ip', ['netns', 'pids', netns]).catch(() => '');
  return out
    .split('\n')
    .map((line) => Number(line.trim()))
    .filter((pid) => Number.isInteger(pid) && pid > 0);
}

/**
 * Deletes the veth pairs (a namespace's end would otherwise go only when the kernel gets round to destroying
 * the namespace), the namespaces and the bridge.
 */
export async function removeNetwork(created: CreatedNetwork, bridge: string): Promise<void> {
  const failures: string[] = [];
  for (const veth of created.hostVeths) {
    await run('ip', ['link', 'del', veth]).catch((e: Error) => failures.push(e.message));
  }
  created.hostVeths = [];
  for (const ns of created.netns) {
    await run('ip', ['netns', 'del', ns]).catch((e: Error) => failures.push(e.message));
  }
  created.netns = [];
  if (created.bridge) {
    await run('ip', ['link', 'del', bridge]).catch((e: Error) => failures.push(e.message));
    created.bridge = false;
  }
  if (failures.length > 0) throw new Error(`network teardown: ${failures.join('; ')}`);
}
