// What a catalog entry needs (GPU memory, disk) and its screenshots, when the catalog says.
import type { CatalogItem } from '@/lib/shared/catalog';
import { gpuNeed } from '@/lib/client/gpu-fit';

export function CatalogNeeds({ entry }: { entry: CatalogItem }) {
  const needs: string[] = [];
  const gpu = gpuNeed(entry);
  if (gpu === 'recommended') needs.push('GPU recommended');
  else if (gpu !== null) needs.push(`GPU: ${gpu} GB VRAM or more`);
  else if (entry.vramGb === 0) needs.push('No GPU needed');
  if (entry.diskGb !== null) needs.push(`Disk: about ${entry.diskGb} GB`);
  if (needs.length === 0) return null;
  return (
    <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-label={`${entry.title} needs`}>
      {needs.join(' · ')}
    </p>
  );
}

export function CatalogScreenshots({ entry }: { entry: CatalogItem }) {
  if (entry.screenshots.length === 0) return null;
  return (
    <div className="flex gap-2 overflow-x-auto">
      {entry.screenshots.map((src, i) => (
        <a key={src} href={src} target="_blank" rel="noreferrer" className="shrink-0">
          <img
            src={src}
            alt={`${entry.title} screenshot ${i + 1}`}
            loading="lazy"
            className="h-24 rounded border border-zinc-200 object-cover dark:border-zinc-800"
          />
        </a>
      ))}
    </div>
  );
}
