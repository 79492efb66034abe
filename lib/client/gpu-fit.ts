// Whether this machine's GPUs suit a catalog app, said before it installs: none found for an app that needs (or
// does best with) one, or none with the memory it asks for.
import type { CatalogItem } from '@/lib/shared/catalog';
import type { Gpu } from '@/lib/shared/system';

/** The app's GPU need, from its catalog entry: memory in GB, "recommended" (runs on the CPU, slowly), or none. */
export function gpuNeed(entry: CatalogItem): number | 'recommended' | null {
  if (entry.vramGb !== null) return entry.vramGb > 0 ? entry.vramGb : null;
  return entry.tags.includes('gpu') ? 'recommended' : null;
}

/** A warning when the GPUs found fall short of the app's need; null when they suit it (or it needs none). */
export function gpuShortfall(entry: CatalogItem, gpus: Gpu[]): string | null {
  const need = gpuNeed(entry);
  if (need === null) return null;
  if (gpus.length === 0)
    return need === 'recommended'
      ? `No GPU was found on this machine: ${entry.title} will run on the CPU, slowly, if at all.`
      : `No GPU was found on this machine, and ${entry.title} needs one with ${need} GB of memory: it may not run.`;
  if (need === 'recommended') return null;
  const largest = Math.max(...gpus.map((g) => g.memoryMiB ?? 0)) / 1024;
  if (largest === 0 || largest >= need) return null;
  return `The largest GPU here has ${largest.toFixed(0)} GB of memory; ${entry.title} asks for ${need} GB: it may not run, or only with smaller models.`;
}
