// Gives each test server its own app port range, so apps of servers running side by side never share a port.
import { writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';

let next = 0;

/** Writes a config.json with a port range unique to this worker and call (the rest stays default). */
export async function writeTestConfig(home: string): Promise<void> {
  const worker = Number(process.env.VITEST_POOL_ID ?? process.env.VITEST_WORKER_ID ?? 0) % 16;
  const slot = next++ % 8;
  const from = 44000 + worker * 800 + slot * 100;
  await mkdir(home, { recursive: true });
  await writeFile(path.join(home, 'config.json'), JSON.stringify({ version: 1, portRange: { from, to: from + 99 } }));
}
