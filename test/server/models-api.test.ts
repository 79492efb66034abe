// The models.* API against a real server: import in place with progress events, list, adopt an app's file,
// delete refused while the app using it runs (a real running app), then deleted when it is stopped.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TempRepo } from '../helpers/git-repo';
import { helloAppRepo } from '../helpers/hello-app';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';

let server: TestServer;
let repo: TempRepo;
let events: EventLog;
let outside: string;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const appModel = randomBytes(64_000);
const userModels = [randomBytes(50_000), randomBytes(70_000)];

beforeAll(async () => {
  server = await startTestServer();
  repo = await helloAppRepo();
  events = await collectEvents(server.url);
  outside = await mkdtemp(path.join(os.tmpdir(), 'hangar-user-models-'));
  await mkdir(path.join(outside, 'Lora'), { recursive: true });
  await writeFile(path.join(outside, 'Lora', 'a.safetensors'), userModels[0]);
  await writeFile(path.join(outside, 'Lora', 'b.safetensors'), userModels[1]);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
  await repo?.remove();
  if (outside) await rm(outside, { recursive: true, force: true });
});

describe('models.*', () => {
  it('imports a folder in place in a background job with progress events', async () => {
    const job = await server.rpc('models.import', { path: outside });
    expect(job.folder).toBe(outside);
    const done = await events.waitFor(
      'models:import',
      (e) => e.id === job.id && e.state === 'done',
    );
    expect(done.files).toBe(2);
    const [finished] = await server.rpc('models.imports', { id: job.id });
    expect(finished.copiedBytes).toBe(0);
    expect(finished.imported.map((f) => f.sha256).sort()).toEqual(userModels.map(sha).sort());
    const lib = await server.rpc('models.list');
    expect(lib.items.filter((i) => i.kind === 'lora')).toHaveLength(2);
    expect(lib.disk.freeBytes).toBeGreaterThan(0);
  });

  it('refuses bad folders with the path in the error', async () => {
    await expect(
      server.rpc('models.import', { path: path.join(outside, 'missing') }),
    ).rejects.toMatchObject({ rpc: { data: { code: 'not_found' } } });
    await expect(server.rpc('models.import', { path: server.home })).rejects.toMatchObject({
      rpc: { message: expect.stringContaining("inside this Hangar's home") },
    });
  });

  it('refuses to delete a model while the app using it runs, and deletes it once stopped', async () => {
    await server.rpc('apps.install', { source: repo.dir });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'installed');
    const own = path.join(server.home, 'api', 'hello-app', 'models', 'checkpoints', 'own.ckpt');
    await mkdir(path.dirname(own), { recursive: true });
    await writeFile(own, appModel);
    const adopted = await server.rpc('models.adopt', { app: 'hello-app' });
    expect(adopted.map((a) => a.sha256)).toEqual([sha(appModel)]);
    const item = (await server.rpc('models.list')).items.find((i) => i.sha256 === sha(appModel));
    expect(item?.apps).toEqual(['hello-app']);
    expect(item?.kind).toBe('checkpoint');

    // A repo in the shared HF cache: every app reads HF_HOME, so any running app may use it.
    const hfRepo = path.join(server.home, 'cache', 'HF_HOME', 'hub', 'models--org--tiny');
    await mkdir(path.join(hfRepo, 'blobs'), { recursive: true });
    await mkdir(path.join(hfRepo, 'refs'), { recursive: true });
    await mkdir(path.join(hfRepo, 'snapshots', 'b'.repeat(40)), { recursive: true });
    await writeFile(path.join(hfRepo, 'refs', 'main'), 'b'.repeat(40));
    await writeFile(path.join(hfRepo, 'blobs', sha(appModel)), appModel);
    await symlink(
      `../../blobs/${sha(appModel)}`,
      path.join(hfRepo, 'snapshots', 'b'.repeat(40), 'model.safetensors'),
    );
    const withRepo = await server.rpc('models.list');
    const repoItem = withRepo.items.find((i) => i.kind === 'hf-repo');
    // What is stored counts every model listed, the Hugging Face cache's repositories too.
    expect(withRepo.storedBytes).toBe(
      withRepo.items.reduce((sum, i) => sum + (i.stored ? i.size : 0), 0),
    );
    expect(repoItem).toMatchObject({
      id: 'hf:model/org/tiny',
      size: appModel.length,
      revisions: [{ commit: 'b'.repeat(40), refs: ['main'], files: 1, size: appModel.length }],
    });

    await server.rpc('apps.start', { name: 'hello-app' });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'running');
    await expect(server.rpc('models.delete', { id: item!.id })).rejects.toMatchObject({
      rpc: {
        message: expect.stringContaining('in use by hello-app'),
        data: { code: 'app_busy' },
      },
    });
    expect((await stat(own)).size).toBe(appModel.length);
    await expect(server.rpc('models.delete', { id: 'hf:model/org/tiny' })).rejects.toMatchObject({
      rpc: { data: { code: 'app_busy' } },
    });

    await server.rpc('apps.stop', { name: 'hello-app' });
    await events.waitFor('app:status', (e) => e.name === 'hello-app' && e.state === 'stopped');
    const { removed } = await server.rpc('models.delete', { id: item!.id });
    expect(removed).toContain('api/hello-app/models/checkpoints/own.ckpt');
    await expect(stat(own)).rejects.toMatchObject({ code: 'ENOENT' });
    await server.rpc('models.delete', { id: 'hf:model/org/tiny' });
    await expect(stat(hfRepo)).rejects.toMatchObject({ code: 'ENOENT' });
    const after = await server.rpc('models.list');
    expect(after.items.some((i) => i.sha256 === sha(appModel))).toBe(false);
  });
});
