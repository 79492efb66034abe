// Benchmark: hashing throughput of a models folder import (20 files, linked in place) vs sha256sum on the same files.
import { execFile, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Drive, ImportJobs } from '../../lib/engine/drive';
import { EventBus } from '../../lib/engine/events';
import { ensureHome } from '../../lib/engine/home';
import { higherIsBetter, missingBaseline, type Benchmark } from './harness';

const run = promisify(execFile);
const MiB = 1 << 20;
const FILES = 20;
const FILE_MIB = 16;
const ROUNDS = 3;

async function writeRandom(file: string, bytes: number): Promise<void> {
  const handle = await open(file, 'w');
  try {
    for (let done = 0; done < bytes; done += 4 * MiB)
      await handle.write(randomBytes(Math.min(4 * MiB, bytes - done)));
  } finally {
    await handle.close();
  }
}

async function importOnce(base: string, folder: string, round: number): Promise<number> {
  const home = (await ensureHome(path.join(base, `home-${round}`))).layout;
  const start = performance.now();
  const { done } = await new ImportJobs(new Drive(home), home.root, new EventBus()).start(folder);
  const job = await done;
  const seconds = (performance.now() - start) / 1000;
  if (job.state !== 'done' || job.imported.length !== FILES || job.copiedBytes !== 0)
    throw new Error(`import ended ${job.state}: ${job.error ?? `${job.imported.length} files`}`);
  // The same inode in the store: the import linked, it did not copy.
  const first = job.imported[0];
  if ((await stat(first.path)).ino !== (await stat(new Drive(home).blobPath(first.sha256))).ino)
    throw new Error('the imported file is not the blob');
  await rm(home.root, { recursive: true, force: true });
  return seconds;
}

async function sha256sumOnce(files: string[]): Promise<number> {
  const start = performance.now();
  await run('sha256sum', files, { maxBuffer: 1 << 20 });
  return (performance.now() - start) / 1000;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'import',
    async run() {
      // tmpfs when there is one, so disk noise does not drown the hashing being measured.
      const base = await mkdtemp(
        path.join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'hangar-bench-import-'),
      );
      try {
        const folder = path.join(base, 'models', 'checkpoints');
        await mkdir(folder, { recursive: true });
        const files: string[] = [];
        for (let i = 0; i < FILES; i += 1) {
          const file = path.join(folder, `model-${i}.safetensors`);
          await writeRandom(file, FILE_MIB * MiB);
          files.push(file);
        }
        const bytes = FILES * FILE_MIB * MiB;
        const hasSum = spawnSync('sh', ['-c', 'command -v sha256sum']).status === 0;
        let ours = Infinity;
        let theirs = Infinity;
        for (let round = 0; round < ROUNDS; round += 1) {
          ours = Math.min(ours, await importOnce(base, path.join(base, 'models'), round));
          if (hasSum) theirs = Math.min(theirs, await sha256sumOnce(files));
        }
        const oursMBs = bytes / MiB / ours;
        if (!hasSum) return missingBaseline('import', 'MiB/s', oursMBs, 'sha256sum');
        return higherIsBetter('import', 'MiB/s', oursMBs, bytes / MiB / theirs, {
          files: FILES,
          mib: FILES * FILE_MIB,
          copiedBytes: 0,
          rounds: ROUNDS,
        });
      } finally {
        await rm(base, { recursive: true, force: true });
      }
    },
  },
];
