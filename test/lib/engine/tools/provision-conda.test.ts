// micromamba fetched into bin/ from a local stand-in for conda-forge's download URLs, and conda steps run through it.
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { cp, mkdir, readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { Engine } from '../../../../lib/engine';
import { formatDoctorReport } from '../../../../lib/engine/diagnosis/doctor';
import { shellSteps } from '../../../../lib/engine/steps/shell';
import { APP_CONDA_ENV } from '../../../../lib/engine/steps/shell/python-env';
import {
  findExecutable,
  micromambaUrl,
  MICROMAMBA_URL_ENV,
  readProvisioned,
} from '../../../../lib/engine/tools';
import { createRun, request, type TestRun } from '../steps/shell/step-context';

const shellRun = shellSteps['shell.run']!;
const FIXTURE = path.resolve(__dirname, '../../../fixtures/micromamba/micromamba');
let current: TestRun | null = null;
let server: Server | null = null;

afterEach(async () => {
  await current?.dispose();
  current = null;
  if (server) await new Promise<void>((resolve) => server!.close(() => resolve()));
  server = null;
});

const exec = (t: TestRun, params: Record<string, unknown>) =>
  shellRun.run(params, t.ctx, request(params)) as Promise<{ stdout: string; exitCode: number }>;

const info = (t: TestRun): string =>
  t.logs
    .filter((l) => l.stream === 'info')
    .map((l) => l.text)
    .join('');

/** A `.tar.bz2` as conda-forge publishes micromamba: `bin/micromamba` plus package metadata. */
async function buildArchive(dir: string, tarArgs: string[] = []): Promise<Buffer> {
  const pkg = path.join(dir, 'pkg');
  await mkdir(path.join(pkg, 'bin'), { recursive: true });
  await mkdir(path.join(pkg, 'info'), { recursive: true });
  await cp(FIXTURE, path.join(pkg, 'bin', 'micromamba'));
  await cp(FIXTURE, path.join(pkg, 'info', 'index.json'));
  const archive = path.join(dir, 'micromamba-2.0.5-0.tar.bz2');
  await promisify(execFile)('tar', ['-cjf', archive, ...tarArgs, '-C', pkg, 'bin', 'info']);
  return readFile(archive);
}

/** The installer URL redirects to the package file on conda-forge, as micro.mamba.pm does. */
async function condaForge(archive: Buffer): Promise<{ base: string; requests: string[] }> {
  const requests: string[] = [];
  const file = '/download/conda-forge/micromamba/2.0.5/linux-64/micromamba-2.0.5-0.tar.bz2';
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    if (/^\/api\/micromamba\/[a-z0-9-]+\/latest$/.test(req.url ?? '')) {
      res.writeHead(302, { location: file }).end();
    } else if (req.url === file) {
      res.writeHead(200, { 'content-type': 'application/x-tar' }).end(archive);
    } else {
      res.writeHead(404).end();
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { base: `http://127.0.0.1:${port}`, requests };
}

async function closedPort(): Promise<number> {
  const probe = createTcpServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('conda provisioned as micromamba into bin/', () => {
  it('fetches micromamba for a conda step, makes the step its env and installs into it', async () => {
    for (const command of ['conda', 'micromamba', 'mamba'])
      if (await findExecutable(command, process.env.PATH ?? ''))
        throw new Error(`this test needs a machine without ${command} on PATH`);
    const t = (current = await createRun());
    const bin = t.ctx.home.bin;
    const { base, requests } = await condaForge(await buildArchive(t.dir));
    const calls = path.join(t.dir, 'micromamba-calls.log');
    const env = { [MICROMAMBA_URL_ENV]: base, MICROMAMBA_TEST_LOG: calls };

    const result = await exec(t, {
      message: ['conda install -y conda-forge::hello=2.12', 'hello && type -P conda'],
      conda: { path: 'cenv', python: '3.11' },
      env,
    });
    const cenv = path.join(t.ctx.cwd, 'cenv');
    expect(result.stdout).toContain(`hello from ${cenv}`);
    expect(result.stdout).toContain(path.join(bin, 'conda'));
    expect(requests[0]).toBe(new URL(micromambaUrl({ [MICROMAMBA_URL_ENV]: base })).pathname);
    expect(requests[1]).toMatch(/\.tar\.bz2$/);
    expect(info(t)).toContain(`fetching micromamba from ${micromambaUrl(env)} into ${bin}`);
    const log = await readFile(calls, 'utf8');
    const root = path.join(bin, 'mamba-root');
    expect(log).toContain(
      `create -y -p ${cenv} python=3.11 -c conda-forge | prefix= | root=${root}`,
    );
    expect(log).toContain(
      `install -y conda-forge::hello=2.12 -c conda-forge | prefix=${cenv} | root=${root}`,
    );
    const record = (await readProvisioned(bin)).conda;
    expect(record).toMatchObject({ kind: 'installed', version: '2.0.5' });
    expect(record!.source).toBe(`micromamba from ${base}${requests[1]}`);
    expect(record!.path).toBe(path.join(bin, 'pkgs', 'micromamba-2.0.5', 'micromamba'));

    // `hangar doctor` says what is provisioned and from where.
    const engine = await Engine.create({ home: t.ctx.home.root, version: 'test' });
    try {
      expect(formatDoctorReport(await engine.diagnosis.doctor())).toContain(
        `conda    2.0.5  ${record!.path}  from micromamba from ${base}${requests[1]}`,
      );
    } finally {
      await engine.dispose();
    }

    // Without a conda param, `conda install` goes to the app's own env, not a shared base; no second fetch.
    const appEnv = path.join(t.ctx.appDir, APP_CONDA_ENV);
    const own = await exec(t, { message: 'conda install --yes ffprobe-tool && ffprobe-tool', env });
    expect(own.stdout).toContain(`ffprobe-tool from ${appEnv}`);
    expect(await readFile(calls, 'utf8')).toContain(`create -y -p ${appEnv} python=3.10`);
    expect(requests).toHaveLength(2);

    // A named env lives under micromamba's root; listed once made, it is not made again.
    const named = { message: 'conda install -y tool-x && tool-x', conda: { name: 'shared' }, env };
    expect((await exec(t, named)).stdout).toContain(
      `tool-x from ${path.join(root, 'envs', 'shared')}`,
    );
    await exec(t, named);
    const creates = (await readFile(calls, 'utf8'))
      .split('\n')
      .filter((l) => l.includes('-n shared'));
    expect(creates).toHaveLength(1);
  }, 60_000);

  it('runs conda through a micromamba already on PATH, fetching nothing', async () => {
    const t = (current = await createRun());
    const own = path.join(t.dir, 'own-bin');
    await mkdir(own);
    await cp(FIXTURE, path.join(own, 'micromamba'));
    const calls = path.join(t.dir, 'micromamba-calls.log');
    const result = await exec(t, {
      message: 'conda install -y tool-y && tool-y',
      conda: 'cenv',
      env: {
        PATH: [own],
        [MICROMAMBA_URL_ENV]: `http://127.0.0.1:${await closedPort()}`,
        MICROMAMBA_TEST_LOG: calls,
      },
    });
    expect(result.stdout).toContain(`tool-y from ${path.join(t.ctx.cwd, 'cenv')}`);
    expect(info(t)).toContain(`conda commands run through ${path.join(own, 'micromamba')}`);
    expect(await readFile(calls, 'utf8')).toContain('install -y tool-y -c conda-forge');
    expect(await readProvisioned(t.ctx.home.bin)).toEqual({});
  }, 30_000);

  it('extracts nothing but bin/micromamba: an archive whose entries climb out of the folder is refused', async () => {
    const t = (current = await createRun());
    const bin = t.ctx.home.bin;
    const { base } = await condaForge(
      await buildArchive(t.dir, ['--transform', 's,^bin,../../bin,']),
    );
    const error = await exec(t, {
      message: 'true',
      conda: 'cenv',
      env: { [MICROMAMBA_URL_ENV]: base },
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'missing_tool' });
    expect((error as Error).message).toContain(
      'unpacking failed: the archive holds no bin/micromamba',
    );
    expect(await findExecutable('micromamba', path.join(bin, 'bin'))).toBeNull();
    expect(await findExecutable('micromamba', path.join(t.ctx.home.root, 'bin'))).toBeNull();
    expect(await readProvisioned(bin)).toEqual({});
  }, 30_000);

  it('names the URL it tried and how to install conda by hand when it cannot be reached', async () => {
    const t = (current = await createRun());
    const base = `http://127.0.0.1:${await closedPort()}`;
    const error = await exec(t, {
      message: 'conda install -y git',
      env: { [MICROMAMBA_URL_ENV]: base },
    }).catch((e: unknown) => e);
    const url = `${base}/api/micromamba/${micromambaUrl({}).split('/api/micromamba/')[1]}`;
    expect(error).toMatchObject({
      code: 'missing_tool',
      details: { tools: ['conda'], tried: url },
    });
    expect((error as Error).message).toContain(
      `could not fetch micromamba (GET ${url}: ECONNREFUSED)`,
    );
    expect((error as Error).message).toContain('Miniforge: https://conda-forge.org/download/');
    expect(await readProvisioned(t.ctx.home.bin)).toEqual({});
    expect(await findExecutable('conda', t.ctx.home.bin)).toBeNull();
  }, 30_000);
});
