// Unique names for one test cluster: namespaces, links, subnet and cluster name, so clusters can run side by side.
import { randomBytes, randomInt } from 'node:crypto';
import { run } from './exec';

export interface ClusterNames {
  /** Short unique id (4 base-36 characters). */
  id: string;
  clusterName: string;
  bridge: string;
  /** Three-octet prefix of the cluster's /24, e.g. `10.137.4`. */
  subnet: string;
  hostAddr: string;
  node(index: number): {
    name: string;
    netns: string;
    hostVeth: string;
    nodeVeth: string;
    addr: string;
  };
}

/** Picks an id whose links do not exist and a 10.x.y.0/24 no interface or route of this host uses. */
export async function pickNames(nodeCount: number): Promise<ClusterNames> {
  const links = await run('ip', ['-o', 'link', 'show']);
  const addrs = await run('ip', ['-4', '-o', 'addr', 'show']);
  const routes = await run('ip', ['-4', 'route', 'show', 'table', 'all']);
  const netns = await run('ip', ['netns', 'list']);
  for (let attempt = 0; attempt < 50; attempt++) {
    const id = BigInt(`0x${randomBytes(4).toString('hex')}`)
      .toString(36)
      .padStart(4, '0')
      .slice(-4);
    const subnet = `10.${randomInt(64, 192)}.${randomInt(0, 256)}`;
    const prefix = `hsl${id}`;
    if (links.includes(prefix) || netns.includes(prefix)) continue;
    if (addrs.includes(` ${subnet}.`) || routes.includes(`${subnet}.`)) continue;
    if (nodeCount > 250) throw new Error(`a test cluster has at most 250 nodes, not ${nodeCount}`);
    return {
      id,
      clusterName: `hsl${id}`,
      bridge: `${prefix}br`,
      subnet,
      hostAddr: `${subnet}.1`,
      node: (index) => ({
        name: `n${index + 1}`,
        netns: `${prefix}-n${index + 1}`,
        hostVeth: `${prefix}h${index + 1}`,
        nodeVeth: `${prefix}p${index + 1}`,
        addr: `${subnet}.${index + 2}`,
      }),
    };
  }
  throw new Error('no free name and 10.x.y.0/24 subnet found for a test cluster after 50 tries');
}
