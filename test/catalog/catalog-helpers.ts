// Shared paths and loaders for the catalog tests: the repo's catalog folder and its entries.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { CatalogEntry } from '../../lib/shared/catalog';
import { readCatalogFile } from '../../lib/engine/apps/catalog';

export const repoRoot = path.resolve(__dirname, '../..');
export const catalogDir = path.join(repoRoot, 'catalog');
export const launchersDir = path.join(catalogDir, 'launchers');
export const fixturesDir = path.join(repoRoot, 'test/fixtures/catalog');

export function catalogFiles(): string[] {
  return readdirSync(catalogDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => path.join(catalogDir, f));
}

export async function allEntries(): Promise<CatalogEntry[]> {
  const entries: CatalogEntry[] = [];
  for (const file of catalogFiles()) entries.push(...(await readCatalogFile(file)));
  return entries;
}

export function bundledFolder(entry: CatalogEntry): string | null {
  return entry.source.startsWith('bundled:') ? entry.source.slice('bundled:'.length) : null;
}
