// The real huggingface_hub (in a temp venv) finds what hf.download and fs.download put in the shared HF_HOME.
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSteps } from '../../../../../lib/engine/steps/downloads';
import { soloStepRequest } from '../../../../../lib/engine/steps/step-request';
import type { StepContext } from '../../../../../lib/engine/steps/types';
import { startFileServer, type FileServer } from '../../../../helpers/servers/file-server';
import { DEFAULT_COMMIT, HfServer } from '../../../../helpers/servers/hf-server';
import { createTestHome, type TestHome } from './step-context';

const run = promisify(execFile);
const MAIN = 'aa11000000000000000000000000000000000001';
const V1 = 'bb22000000000000000000000000000000000002';

/** Runs `checks` (a list of calls) in the venv's Python and returns one answer per call. */
const PROBE = `
import hashlib, json, os, sys
from huggingface_hub import hf_hub_download, snapshot_download, try_to_load_from_cache
from huggingface_hub.file_download import _CACHED_NO_EXIST

def sha(p):
    with open(p, 'rb') as f:
        return hashlib.sha256(f.read()).hexdigest()

out = []
for c in json.loads(sys.argv[1]):
    kind, args = c[0], c[1]
    try:
        if kind == 'download':
            p = hf_hub_download(**args)
            out.append({'path': p, 'sha256': sha(p)})
        elif kind == 'try':
            r = try_to_load_from_cache(**args)
            out.append({'path': 'NO_EXIST' if r is _CACHED_NO_EXIST else r})
        elif kind == 'snapshot':
            d = snapshot_download(**args)
            files = sorted(os.path.relpath(os.path.join(r, f), d) for r, _, fs in os.walk(d) for f in fs)
            out.append({'path': d, 'files': files})
    except Exception as e:
        out.append({'error': type(e).__name__})
print(json.dumps(out))
`;

interface Answer {
  path?: string | null;
  sha256?: string;
  files?: string[];
  error?: string;
}

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('the real huggingface_hub reads the cache Hangar writes', () => {
  let venv: string;
  let server: FileServer;
  let hf: HfServer;
  let t: TestHome;
  let hfHome: string;
  const weights = randomBytes(300_000);
  const files = {
    'config.json': { body: Buffer.from('{"model_type":"test"}') },
    'model.safetensors': { body: weights, lfs: true },
    'tokenizer/vocab.txt': { body: Buffer.from('a\nb\nc\n') },
  };

  async function python(checks: unknown[], env: Record<string, string>): Promise<Answer[]> {
    const script = path.join(venv, 'probe.py');
    await writeFile(script, PROBE);
    const clean = { ...process.env };
    for (const key of Object.keys(clean)) if (key.startsWith('HF_')) delete clean[key];
    const { stdout } = await run(
      path.join(venv, 'bin', 'python'),
      [script, JSON.stringify(checks)],
      {
        env: { ...clean, HF_HOME: hfHome, HF_HUB_DISABLE_TELEMETRY: '1', ...env },
        timeout: 60_000,
      },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!) as Answer[];
  }

  async function step(method: 'hf.download' | 'fs.download', params: object, ctx: StepContext) {
    return downloadSteps[method]!.run(params, ctx, soloStepRequest(method, params));
  }

  beforeAll(async () => {
    venv = await mkdtemp(path.join(os.tmpdir(), 'hangar-hfvenv-'));
    await run('python3', ['-m', 'venv', venv], { timeout: 120_000 });
    await run(path.join(venv, 'bin', 'pip'), ['install', '-q', 'huggingface_hub'], {
      env: { ...process.env, PIP_RETRIES: '0', PIP_DISABLE_PIP_VERSION_CHECK: '1' },
      timeout: 400_000,
    });
    server = await startFileServer();
    hf = new HfServer(server);
    hf.repos.set('org/model', { files, commit: MAIN, refs: { 'v1.0': V1 } });
    hf.repos.set('org/local', {
      files: { 'w.safetensors': { body: weights, lfs: true }, 'c.json': files['config.json'] },
    });
    t = await createTestHome({ hfEndpoint: server.origin });
    hfHome = path.join(t.home.cache, 'HF_HOME');
    const ctx = await t.context('app', { env: { HF_ENDPOINT: server.origin } });
    await step('hf.download', { repo: 'org/model' }, ctx);
    await step('hf.download', { repo: 'org/model', files: ['config.json'], revision: 'v1.0' }, ctx);
    await step('hf.download', { repo: 'org/model', files: ['config.json'], revision: V1 }, ctx);
    await step('hf.download', { _: ['org/local'], 'local-dir': 'models/local' }, ctx);
    const missing = await step(
      'hf.download',
      { repo: 'org/model', files: ['nope.bin'] },
      ctx,
    ).catch((e: unknown) => e as { code: string });
    expect((missing as { code: string }).code).toBe('not_found');
  }, 600_000);

  afterAll(async () => {
    await t?.dispose();
    await server?.stop();
    if (venv) await rm(venv, { recursive: true, force: true });
  });

  it('finds every file offline at the branch, the tag and the commit', async () => {
    const names = Object.keys(files);
    const answers = await python(
      [
        ...names.map((f) => [
          'download',
          { repo_id: 'org/model', filename: f, local_files_only: true },
        ]),
        ...names.map((f) => [
          'download',
          { repo_id: 'org/model', filename: f, revision: MAIN, local_files_only: true },
        ]),
        [
          'download',
          {
            repo_id: 'org/model',
            filename: 'config.json',
            revision: 'v1.0',
            local_files_only: true,
          },
        ],
        [
          'download',
          { repo_id: 'org/model', filename: 'config.json', revision: V1, local_files_only: true },
        ],
      ],
      { HF_HUB_OFFLINE: '1' },
    );
    const expected = names.map((f) => sha256(files[f as keyof typeof files].body));
    expect(answers.map((a) => a.sha256)).toEqual([
      ...expected,
      ...expected,
      expected[0],
      expected[0],
    ]);
    for (const a of answers.slice(0, 6)) expect(a.path).toContain(`/snapshots/${MAIN}/`);
    for (const a of answers.slice(6)) expect(a.path).toContain(`/snapshots/${V1}/`);
  });

  it('try_to_load_from_cache finds files, misses absent ones and knows the ones the Hub lacks', async () => {
    const answers = await python(
      [
        ['try', { repo_id: 'org/model', filename: 'model.safetensors' }],
        ['try', { repo_id: 'org/model', filename: 'tokenizer/vocab.txt', revision: MAIN }],
        ['try', { repo_id: 'org/model', filename: 'config.json', revision: 'v1.0' }],
        ['try', { repo_id: 'org/model', filename: 'absent.bin' }],
        ['try', { repo_id: 'org/model', filename: 'nope.bin' }],
        ['download', { repo_id: 'org/model', filename: 'absent.bin', local_files_only: true }],
      ],
      { HF_HUB_OFFLINE: '1' },
    );
    expect(answers[0].path).toContain(`/snapshots/${MAIN}/model.safetensors`);
    expect(answers[1].path).toContain(`/snapshots/${MAIN}/tokenizer/vocab.txt`);
    expect(answers[2].path).toContain(`/snapshots/${V1}/config.json`);
    expect(answers[3].path).toBeNull();
    expect(answers[4].path).toBe('NO_EXIST');
    expect(answers[5].error).toBe('LocalEntryNotFoundError');
  });

  it('snapshot_download works offline and lists every file', async () => {
    const [snap] = await python([['snapshot', { repo_id: 'org/model', local_files_only: true }]], {
      HF_HUB_OFFLINE: '1',
    });
    expect(snap.path).toContain(`/snapshots/${MAIN}`);
    expect(snap.files).toEqual(Object.keys(files).sort());
  });

  it('keeps the bytes once: LFS blob = drive blob, local-dir files are links to the blobs', async () => {
    const blob = path.join(hfHome, 'hub', 'models--org--model', 'blobs', sha256(weights));
    const drive = path.join(t.home.drive, 'blobs', 'sha256', sha256(weights));
    const local = path.join(t.home.api, 'app', 'models', 'local', 'w.safetensors');
    const [b, d, l] = await Promise.all([stat(blob), stat(drive), stat(local)]);
    expect(b.ino).toBe(d.ino);
    expect(l.ino).toBe(d.ino);
    const otherRepoBlob = path.join(hfHome, 'hub', 'models--org--local', 'blobs', sha256(weights));
    expect((await stat(otherRepoBlob)).ino).toBe(d.ino);
  });

  it('fs.download of a resolve URL goes through the cache: no byte fetched, the same blob', async () => {
    const ctx = await t.context('other', { env: { HF_ENDPOINT: server.origin } });
    const before = hf.bodyRequests().length;
    await step(
      'fs.download',
      {
        url: `${server.origin}/org/model/resolve/main/model.safetensors`,
        path: 'ckpt/m.safetensors',
      },
      ctx,
    );
    await step(
      'fs.download',
      { url: `${server.origin}/org/model/resolve/main/tokenizer/vocab.txt`, dir: 'tok' },
      ctx,
    );
    expect(hf.bodyRequests().slice(before)).toEqual([]);
    const blob = path.join(hfHome, 'hub', 'models--org--model', 'blobs', sha256(weights));
    expect((await stat(path.join(ctx.appDir, 'ckpt', 'm.safetensors'))).ino).toBe(
      (await stat(blob)).ino,
    );
    expect(await readFile(path.join(ctx.appDir, 'tok', 'vocab.txt'), 'utf8')).toBe('a\nb\nc\n');
  });

  it('fs.download of a resolve URL of a new repo fills the cache for huggingface_hub', async () => {
    hf.repos.set('org/fresh', { files: { 'f.bin': { body: Buffer.from('fresh'), lfs: true } } });
    const ctx = await t.context('other', { env: { HF_ENDPOINT: server.origin } });
    await step(
      'fs.download',
      { url: `${server.origin}/org/fresh/resolve/main/f.bin`, dir: 'f' },
      ctx,
    );
    const [hit] = await python(
      [['download', { repo_id: 'org/fresh', filename: 'f.bin', local_files_only: true }]],
      { HF_HUB_OFFLINE: '1' },
    );
    expect(hit.sha256).toBe(sha256(Buffer.from('fresh')));
  });

  it('a local-dir download is found by hf_hub_download(local_dir=...) without a request', async () => {
    const localDir = path.join(t.home.api, 'app', 'models', 'local');
    const before = server.requests.length;
    const answers = await python(
      [
        [
          'download',
          {
            repo_id: 'org/local',
            filename: 'w.safetensors',
            local_dir: localDir,
            local_files_only: true,
          },
        ],
        [
          'download',
          {
            repo_id: 'org/local',
            filename: 'c.json',
            local_dir: localDir,
            revision: DEFAULT_COMMIT,
          },
        ],
      ],
      { HF_ENDPOINT: server.origin },
    );
    expect(answers.map((a) => a.path)).toEqual([
      path.join(localDir, 'w.safetensors'),
      path.join(localDir, 'c.json'),
    ]);
    expect(server.requests.length).toBe(before);
  });

  it('online against the Hub, huggingface_hub fetches no file body Hangar already has', async () => {
    const before = hf.bodyRequests().length;
    const requestsBefore = server.requests.length;
    const answers = await python(
      [
        ...Object.keys(files).map((f) => ['download', { repo_id: 'org/model', filename: f }]),
        ['snapshot', { repo_id: 'org/model' }],
        ['snapshot', { repo_id: 'org/local' }],
      ],
      { HF_ENDPOINT: server.origin, HF_HUB_DISABLE_XET: '1' },
    );
    expect(answers.filter((a) => a.error)).toEqual([]);
    expect(answers[3].files).toEqual(Object.keys(files).sort());
    const heads = server.requests.slice(requestsBefore).filter((r) => r.method === 'HEAD');
    expect(heads.length).toBeGreaterThanOrEqual(Object.keys(files).length);
    expect(hf.bodyRequests().slice(before)).toEqual([]);
  });
});
