'use client';
// The Slurm cluster of runners.slurm (cluster.status): its partitions and nodes with CPUs, memory and GPUs in use.
import type { ReactNode } from 'react';
import type { ClusterStatus } from '@/lib/shared/cluster';
import { useClusterStatus } from '@/lib/client/settings-queries';
import { nodeStateWords, partitionStateWords, partitionTimeWords } from '@/lib/shared/slurm-words';
import { buttonClass } from '../ui/button-styles';
import { SettingsSection } from './section';

type ClusterInfo = NonNullable<ClusterStatus['info']>;

const size = (mb: number) =>
  mb < 1024 ? `${mb} MB` : `${(mb / 1024).toFixed(mb >= 10 * 1024 ? 0 : 1)} GB`;

/** "1.5 / 2.0 GB": the unit once when both sides share it, so a phone's row keeps every column in view. */
function usedOf(used: number, total: number): string {
  const [a, b] = [size(used), size(total)];
  const unit = b.split(' ')[1];
  return a.endsWith(` ${unit}`) ? `${a.split(' ')[0]} / ${b}` : `${a} / ${b}`;
}

/** Shown from the `sm` width up: on a phone the node's address would push the numbers out of view. */
const WIDE_ONLY = 'hidden sm:table-cell';

function Table({
  caption,
  head,
  wideOnly = [],
  children,
}: {
  caption: string;
  head: string[];
  /** Columns left out on a phone. */
  wideOnly?: string[];
  children: ReactNode;
}) {
  return (
    <div className="overflow-x-auto">
      <table className="w-full text-left text-sm">
        <caption className="pb-1 text-left text-xs font-medium text-zinc-500 dark:text-zinc-400">
          {caption}
        </caption>
        <thead className="text-zinc-500 dark:text-zinc-400">
          <tr>
            {head.map((h) => (
              <th
                key={h}
                scope="col"
                className={`whitespace-nowrap py-1 pr-3 font-normal sm:pr-4 ${wideOnly.includes(h) ? WIDE_ONLY : ''}`}
              >
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}

const rowClass = 'border-t border-zinc-100 dark:border-zinc-800';
const cellClass = 'whitespace-nowrap py-1 pr-3 sm:pr-4';

function Partitions({ info }: { info: ClusterInfo }) {
  return (
    <Table caption="Partitions" head={['Name', 'State', 'Nodes', 'Time limit']}>
      {info.partitions.map((p) => (
        <tr key={p.name} className={rowClass}>
          <td className={cellClass}>
            {p.name}
            {p.default ? (
              <span className="text-xs text-zinc-500 dark:text-zinc-400"> (default)</span>
            ) : null}
          </td>
          <td className={cellClass} title={`Slurm: ${p.state}`}>
            {partitionStateWords(p.state)}
          </td>
          <td className={`${cellClass} font-mono text-xs`}>{p.nodes.join(', ')}</td>
          <td className={cellClass} title={`Slurm: ${p.timeLimit}`}>
            {partitionTimeWords(p.timeLimit)}
          </td>
        </tr>
      ))}
    </Table>
  );
}

function Nodes({ info }: { info: ClusterInfo }) {
  return (
    <Table
      caption="Nodes (used / total)"
      head={['Node', 'Address', 'State', 'CPUs', 'Memory', 'GPUs']}
      wideOnly={['Address']}
    >
      {info.nodes.map((n) => (
        <tr key={n.name} data-testid={`cluster-node-${n.name}`} className={rowClass}>
          <td className={cellClass}>{n.name}</td>
          <td className={`${cellClass} ${WIDE_ONLY} font-mono text-xs`}>{n.addr}</td>
          <td className={cellClass} title={`Slurm: ${n.state}`}>
            {nodeStateWords(n.state)}
            {/* Slurm says MIXED while CPUs are left, though a job waiting for GPUs cannot start there. */}
            {n.gpus.total > 0 && n.gpus.used >= n.gpus.total ? ', no GPU free' : ''}
            {n.reason ? (
              <span className="text-xs text-zinc-500 dark:text-zinc-400"> ({n.reason})</span>
            ) : null}
          </td>
          <td className={cellClass}>
            {n.cpus.allocated} / {n.cpus.total}
          </td>
          <td className={cellClass}>{usedOf(n.memoryMb.allocated, n.memoryMb.total)}</td>
          <td className={cellClass}>
            {n.gpus.used} / {n.gpus.total}
          </td>
        </tr>
      ))}
    </Table>
  );
}

export function ClusterPanel() {
  const { data, error, refetch, isFetching } = useClusterStatus();
  const configured = data?.configured === true;
  return (
    <SettingsSection
      id="cluster"
      title="Cluster"
      description="The Slurm cluster apps can run on (runners.slurm in config.json): partitions and nodes."
      actions={
        configured ? (
          <button
            type="button"
            className={buttonClass.secondary}
            disabled={isFetching}
            onClick={() => void refetch()}
          >
            Refresh
          </button>
        ) : null
      }
    >
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not read the cluster: {error.message}
        </p>
      ) : null}
      {data && !data.configured ? (
        <p className="text-sm">
          No cluster is configured: apps run on this machine. See “Running on a cluster” in the
          README.
        </p>
      ) : null}
      {data?.error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          {data.error.message}
        </p>
      ) : null}
      {data?.info ? (
        <>
          {data.partition ? (
            <p className="text-sm text-zinc-600 dark:text-zinc-400">
              Apps go to partition <span className="font-mono">{data.partition}</span> unless they
              name another.
            </p>
          ) : null}
          <Partitions info={data.info} />
          <Nodes info={data.info} />
        </>
      ) : null}
    </SettingsSection>
  );
}
