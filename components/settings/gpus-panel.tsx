'use client';
// GPUs of this machine (system.info): model, memory, driver and compute target.
import type { Gpu } from '@/lib/shared/system';
import { useSystemInfo } from '@/lib/client/queries';
import { useClusterStatus } from '@/lib/client/settings-queries';
import { SettingsSection } from './section';

function memory(gpu: Gpu): string {
  if (!gpu.memoryMiB) return 'unknown';
  const total = `${(gpu.memoryMiB / 1024).toFixed(1)} GB`;
  return typeof gpu.memoryUsedMiB === 'number'
    ? `${total} (${(gpu.memoryUsedMiB / 1024).toFixed(1)} GB in use)`
    : total;
}

export function GpusPanel() {
  const { data, error } = useSystemInfo();
  const cluster = useClusterStatus();
  return (
    <SettingsSection
      id="gpus"
      title="GPUs"
      description="What launchers see as gpu, gpu_model and vram when they pick a build."
    >
      {error ? (
        <p role="alert" className="text-sm text-red-600 dark:text-red-400">
          Could not read system info: {error.message}
        </p>
      ) : null}
      {data && data.gpus.length === 0 ? (
        <p className="text-sm">
          {cluster.data?.configured
            ? 'None on this machine: apps here run on the CPU; apps placed on the cluster use its GPUs.'
            : 'None detected: apps run on the CPU.'}
        </p>
      ) : null}
      {data && data.gpus.length > 0 ? (
        <div className="overflow-x-auto">
          <table className="w-full text-left text-sm">
            <thead className="text-zinc-500 dark:text-zinc-400">
              <tr>
                <th scope="col" className="py-1 pr-4 font-normal">
                  Model
                </th>
                <th scope="col" className="py-1 pr-4 font-normal">
                  Memory
                </th>
                <th scope="col" className="py-1 pr-4 font-normal">
                  Driver
                </th>
                <th scope="col" className="py-1 font-normal">
                  Target
                </th>
              </tr>
            </thead>
            <tbody>
              {data.gpus.map((gpu, i) => (
                <tr
                  key={`${gpu.model}-${gpu.index ?? i}`}
                  className="border-t border-zinc-100 dark:border-zinc-800"
                >
                  <td className="py-1 pr-4">
                    {gpu.model}{' '}
                    <span className="text-xs text-zinc-500 dark:text-zinc-400">({gpu.name})</span>
                  </td>
                  <td className="py-1 pr-4">{memory(gpu)}</td>
                  <td className="py-1 pr-4">{gpu.driver ?? '—'}</td>
                  <td className="py-1 font-mono text-xs">{gpu.target ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </SettingsSection>
  );
}
