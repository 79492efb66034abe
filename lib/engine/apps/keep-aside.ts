// Removing an app but keeping its data: its folder is moved aside instead of deleted.
import { mkdir, rename } from 'node:fs/promises';
import path from 'node:path';

/** Moves an app's folder to `to`: where it now is, or null when it has none (an install that never made it). */
export async function keepAside(dir: string, to: string): Promise<string | null> {
  await mkdir(path.dirname(to), { recursive: true });
  try {
    await rename(dir, to);
    return to;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
