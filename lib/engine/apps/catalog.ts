// The bundled catalog: reads and validates catalog/*.json; bundled launchers live in catalog/launchers/.
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { catalogFileSchema, type CatalogEntry } from '../../shared/catalog';
import { EngineError } from '../errors';

export class Catalog {
  constructor(readonly dir: string | null) {}

  async list(): Promise<CatalogEntry[]> {
    if (!this.dir) return [];
    let files: string[];
    try {
      files = (await readdir(this.dir)).filter((f) => f.endsWith('.json')).sort();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const entries: CatalogEntry[] = [];
    for (const file of files) entries.push(...(await readCatalogFile(path.join(this.dir, file))));
    return entries;
  }

  async get(id: string): Promise<CatalogEntry | undefined> {
    return (await this.list()).find((entry) => entry.id === id);
  }

  /** Where a catalog entry's launcher comes from: its git URL, or the bundled folder. */
  sourceOf(entry: CatalogEntry): string {
    if (entry.source.startsWith('bundled:'))
      return path.join(this.dir ?? '.', 'launchers', entry.source.slice('bundled:'.length));
    return entry.source;
  }
}

export async function readCatalogFile(file: string): Promise<CatalogEntry[]> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new EngineError('config_invalid', `${file}: ${(error as Error).message}`, {
      details: { file },
    });
  }
  const parsed = catalogFileSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EngineError('config_invalid', `${file}: ${issue.path.join('.')}: ${issue.message}`, {
      details: { file, issues: parsed.error.issues },
    });
  }
  return parsed.data.apps;
}
