// kill -9 of a production Hangar in the middle of a folder import: the next Hangar lists the same job, takes it
// up where it stopped (files already imported are not hashed again) and finishes it with every file once.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, open, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ImportJobInfo } from '../../lib/shared/models';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

const SMALL = 20;
// A sparse file: no disk used, but hashing it takes long enough to kill Hangar while it does.
const BIG = 2 * 1024 ** 3;
let home: string;
let outside: string;
const servers: ServerProcess[] = [];
const small = Array.from({ length: 2 * SMALL }, () => randomBytes(32_000));
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-import-kill9-'));
  await writeTestConfig(home);
  outside = await mkdtemp(path.join(os.tmpdir(), 'hangar-import-folder-'));
  await mkdir(path.join(outside, 'Lora'));
  // Sorted names: a-files are imported first, then the big one, then the z-files.
  for (const [i, bytes] of small.entries())
    await writeFile(
      path.join(
        outside,
        'Lora',
        `${i < SMALL ? 'a' : 'z'}-${String(i).padStart(3, '0')}.safetensors`,
      ),
      bytes,
    );
  const big = await open(path.join(outside, 'Lora', 'm-big.safetensors'), 'w');
  await big.truncate(BIG);
  await big.close();
});
afterAll(async () => {
  for (const server of servers) await server.stop('SIGKILL');
  await rm(home, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

async function boot(): Promise<ServerProcess> {
  const server = await spawnServer({ home });
  servers.push(server);
  return server;
}

async function jobOf(server: ServerProcess, id: string): Promise<ImportJobInfo> {
  const [job] = await server.rpc('models.imports', { id });
  if (!job) throw new Error(`import ${id} is not listed`);
  return job;
}

describe('an import cut by kill -9', () => {
  it('resumes after the restart, skips the files already imported and ends with each file once', async () => {
    const first = await boot();
    const { id } = await first.rpc('models.import', { path: outside });
    let before: ImportJobInfo | undefined;
    await waitFor(
      async () => {
        before = await jobOf(first, id);
        return before.imported.length >= SMALL;
      },
      'the first files to be imported',
      60_000,
    );
    // The big file is being hashed now: Hangar dies without a chance to write anything more.
    expect(before!.state).toBe('hashing');
    expect(before!.imported.length).toBe(SMALL);
    await first.stop('SIGKILL');
    const persisted = JSON.parse(
      await readFile(path.join(home, 'cache', 'state', 'imports.json'), 'utf8'),
    ) as { jobs: ImportJobInfo[] };
    const cut = persisted.jobs.find((j) => j.id === id)!;
    expect(cut.state).toBe('hashing');
    expect(cut.imported.length).toBeGreaterThanOrEqual(1);

    const second = await boot();
    const resumed = await jobOf(second, id);
    expect(resumed.resumedAt).toBeGreaterThan(resumed.startedAt);
    expect(resumed.folder).toBe(outside);
    let done = resumed;
    await waitFor(
      async () => {
        done = await jobOf(second, id);
        return done.state === 'done' || done.state === 'failed';
      },
      'the resumed import to finish',
      120_000,
    );
    expect(done.error).toBeUndefined();
    expect(done.state).toBe('done');
    expect(done.files).toBe(2 * SMALL + 1);
    expect(done.copiedBytes).toBe(0);
    expect(done.hashedBytes).toBe(done.totalBytes);
    const paths = done.imported.map((f) => f.path);
    expect(new Set(paths).size).toBe(paths.length);
    expect(paths).toHaveLength(2 * SMALL + 1);
    // What was imported before the kill is kept as it was, first, not imported a second time.
    expect(done.imported.slice(0, cut.imported.length)).toEqual(cut.imported);
    // A file linked just before the kill, whose entry the job file had not yet saved, is found in the drive.
    expect(done.imported.filter((f) => f.how !== 'hardlink' && f.how !== 'known')).toEqual([]);
    const hashes = new Set(done.imported.map((f) => f.sha256));
    for (const bytes of small) expect(hashes.has(sha(bytes))).toBe(true);
    const lib = await second.rpc('models.list');
    expect(lib.items.filter((i) => i.kind === 'lora')).toHaveLength(2 * SMALL + 1);
  }, 240_000);
});
