// Import jobs on disk: a finished job is listed again by the next Hangar, an unfinished one resumes from its state
// file, and a corrupt file is kept aside and reported while Hangar starts with no jobs.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { Drive, ImportJobs } from '../../../../lib/engine/drive';
import { EventBus } from '../../../../lib/engine/events';
import { ensureHome, type HomeLayout } from '../../../../lib/engine/home';
import { stateWarningsUnder } from '../../../../lib/engine/state-file-read';
import { makeTempDir } from '../../../helpers/temp-dir';

let home: HomeLayout;
let user: string;
let stateFile: string;

beforeEach(async () => {
  const root = await makeTempDir('hangar-import-store-');
  home = (await ensureHome(path.join(root, 'home'))).layout;
  stateFile = path.join(home.state, 'imports.json');
  user = path.join(root, 'models', 'Lora');
  await mkdir(user, { recursive: true });
  for (let i = 0; i < 5; i += 1)
    await writeFile(path.join(user, `m-${i}.safetensors`), randomBytes(10_000));
});

const jobsOf = () => new ImportJobs(new Drive(home), home.root, new EventBus(), stateFile);

describe('persisted import jobs', () => {
  it('lists a finished job again after a restart without running it again', async () => {
    const first = jobsOf();
    const finished = await (await first.start(user)).done;
    await first.dispose();
    const second = jobsOf();
    expect(await second.resumePersisted()).toEqual([]);
    expect(second.get(finished.id)).toEqual(finished);
  });

  it('resumes an unfinished job, hashing only the files it had not taken', async () => {
    const first = jobsOf();
    const done = await (await first.start(user)).done;
    await first.dispose();
    // As a Hangar killed after two files leaves it.
    const cut = {
      ...done,
      state: 'hashing',
      imported: done.imported.slice(0, 2),
      finishedAt: undefined,
    };
    await writeFile(stateFile, JSON.stringify({ version: 1, jobs: [cut] }));
    const second = jobsOf();
    const [resumed] = await second.resumePersisted();
    expect(resumed!.job.resumedAt).toBeGreaterThan(0);
    const job = await resumed!.done;
    expect(job.state).toBe('done');
    expect(job.imported.map((f) => f.path)).toEqual(done.imported.map((f) => f.path));
    // The three files hashed again were already in the drive from the first run.
    expect(job.imported.slice(2).every((f) => f.how === 'known')).toBe(true);
    expect(job.imported.slice(0, 2)).toEqual(done.imported.slice(0, 2));
    await second.dispose();
    const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { jobs: { state: string }[] };
    expect(saved.jobs.map((j) => j.state)).toEqual(['done']);
  });

  it('keeps a corrupt imports.json aside, reports it and starts with no jobs', async () => {
    await writeFile(stateFile, '{"version": 1, "jobs": [{"id": 3}]}');
    const jobs = jobsOf();
    expect(await jobs.resumePersisted()).toEqual([]);
    expect(jobs.list()).toEqual([]);
    const aside = (await readdir(home.state)).filter((n) => n.startsWith('imports.json.corrupt-'));
    expect(aside).toHaveLength(1);
    const [warning] = stateWarningsUnder(home.root);
    expect(warning?.message).toContain('imports.json is invalid at jobs.0.id');
  });
});
