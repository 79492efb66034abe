'use client';
// The catalog's install dialog: what the app needs (GPU, disk) against the space free where apps are installed. Too
// little space is said before anything is fetched, and the user may install anyway.
import { useQuery } from '@tanstack/react-query';
import { RpcError, rpc } from '@/lib/client/rpc';
import { formatBytes } from '@/lib/client/text';
import { gpuShortfall } from '@/lib/client/gpu-fit';
import { useSystemInfo } from '@/lib/client/queries';
import { useClusterStatus } from '@/lib/client/settings-queries';
import type { CatalogItem } from '@/lib/shared/catalog';
import { DialogFrame } from '../runs/dialog-frame';
import { buttonClass } from '../ui/button-styles';
import { CatalogNeeds } from './catalog-extras';
import { InstallError } from './install-error';
import { useInstall } from './install-form';

/** Free bytes in GB, as the need above is given ("0.16 GB" beside "about 0.2 GB"), so the two compare at a glance. */
function freeGb(bytes: number): string {
  const gb = bytes / 1024 ** 3;
  return `${gb.toFixed(gb < 10 ? 2 : 1)} GB`;
}

/** The free space where apps are installed (the need itself is shown just above, with the GPU's). */
function diskLine(space: { diskGb: number | null; freeBytes: number | null }): string {
  const free =
    space.freeBytes === null
      ? 'Free space unknown'
      : `${space.diskGb === null ? formatBytes(space.freeBytes) : freeGb(space.freeBytes)} free where apps are installed`;
  return space.diskGb === null ? `The catalog gives no disk estimate. ${free}.` : `${free}.`;
}

export function InstallDialog({ entry, onClose }: { entry: CatalogItem; onClose: () => void }) {
  const space = useQuery({
    queryKey: ['apps.installSpace', entry.id],
    queryFn: () => rpc('apps.installSpace', { source: entry.id }),
    staleTime: 0,
    retry: false,
  });
  const install = useInstall();
  const system = useSystemInfo();
  const cluster = useClusterStatus();
  // With a Slurm cluster the app may run on its GPUs: this machine's own are not the measure.
  const gpuWarning =
    system.data && cluster.data && !cluster.data.configured
      ? gpuShortfall(entry, system.data.gpus)
      : null;
  // The engine refused for space (the disk filled since the dialog read it): the same choice as the warning.
  const refused = install.error instanceof RpcError && install.error.code === 'disk_full';
  const short = space.data?.enough === false || refused;
  return (
    <DialogFrame title={`Install ${entry.title}`} testId="install-dialog" onClose={onClose}>
      <CatalogNeeds entry={entry} />
      <p className="text-sm" data-testid="install-disk">
        {space.data
          ? diskLine(space.data)
          : space.error
            ? `Free space unknown: ${space.error.message}`
            : 'Checking free disk space…'}
      </p>
      {gpuWarning ? (
        <p
          data-testid="install-gpu-warning"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {gpuWarning}
        </p>
      ) : null}
      {short ? (
        <p
          role="alert"
          data-testid="install-disk-warning"
          className="rounded-md border border-amber-300 bg-amber-50 p-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-200"
        >
          {refused && install.error
            ? install.error.message
            : 'There is less free space than this app needs: the install may stop part-way with a full disk.'}{' '}
          Free some space first, or install anyway.
        </p>
      ) : null}
      {install.error && !refused ? <InstallError error={install.error} /> : null}
      <div className="flex flex-wrap justify-end gap-2">
        <button type="button" className={buttonClass.secondary} onClick={onClose}>
          Cancel
        </button>
        <button
          type="button"
          className={short ? buttonClass.danger : buttonClass.primary}
          disabled={install.pending || space.isLoading}
          onClick={() => install.run(entry.id, undefined, short)}
        >
          {install.pending ? 'Installing…' : short ? 'Install anyway' : 'Install'}
        </button>
      </div>
    </DialogFrame>
  );
}
