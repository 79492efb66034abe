// shell.run with real processes: ordering, environment, on-handlers, servers, venvs and refusals.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { shellSteps } from '../../../../../lib/engine/steps/shell';
import { descendants, waitFor } from '../../../../helpers/processes';
import { createRun, request, type TestRun } from './step-context';

const shellRun = shellSteps['shell.run']!;
const run: typeof shellRun.run = (params, ctx, req) => shellRun.run(params, ctx, req);
let current: TestRun | null = null;

async function setup(options: Parameters<typeof createRun>[0] = {}): Promise<TestRun> {
  current = await createRun(options);
  return current;
}

afterEach(async () => {
  await current?.dispose();
  current = null;
  await waitFor(async () => (await descendants()).length === 0, 'no process left', 3000);
});

const exec = (t: TestRun, params: Record<string, unknown>) =>
  run(params, t.ctx, request(params)) as Promise<{
    id: string;
    stdout: string;
    exitCode: number | null;
    event: RegExpMatchArray | null;
  }>;

describe('shell.run', () => {
  it('runs array messages in order, each in a fresh shell, and stops at the first failure', async () => {
    const t = await setup();
    await mkdir(path.join(t.appDir, 'sub'));
    const ok = await exec(t, { message: ['cd sub', 'echo "at $PWD"'] });
    expect(ok.exitCode).toBe(0);
    expect(ok.stdout).toContain(`at ${t.appDir}\r\n`);
    const failure = await exec(t, {
      message: ['echo first', 'echo second; exit 3', 'echo third'],
    }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ code: 'step_failed', details: { exitCode: 3 } });
    expect(String((failure as Error).message)).toContain('second');
    expect(t.output()).toContain('first');
    expect(t.output()).not.toContain('third');
  });

  it('joins an array into one command line with chain', async () => {
    const t = await setup();
    await mkdir(path.join(t.appDir, 'sub'));
    const result = await exec(t, { message: ['cd sub', 'echo "at $PWD"'], chain: '&' });
    expect(result.stdout).toContain(`at ${path.join(t.appDir, 'sub')}`);
  });

  it('runs in `path` (created when missing) and turns an argv object into a quoted command line', async () => {
    const t = await setup();
    const result = await exec(t, {
      path: 'work/dir',
      message: {
        _: ['printf', '[%s]'],
        n: 256,
        verbose: true,
        quiet: false,
        title: "it's a b",
        skipped: '{{local.nope}}',
      },
    });
    expect(result.stdout).toBe("[-n][256][--verbose][--no-quiet][--title][it's a b]");
    const pwd = await exec(t, { path: 'work/dir', message: 'pwd' });
    expect(pwd.stdout.trim()).toBe(path.join(t.appDir, 'work', 'dir'));
  });

  it('builds the environment: ENVIRONMENT files, params.env with PATH prepend, -env removal, scrubbed PYTHONPATH, shared caches', async () => {
    const t = await setup();
    await writeFile(path.join(t.ctx.home.root, 'ENVIRONMENT'), 'FROM_HOME=home\nSHARED=home\n');
    await writeFile(path.join(t.appDir, 'ENVIRONMENT'), 'SHARED=app\nDROP_ME=1\n');
    process.env.PYTHONPATH = '/somewhere/else';
    try {
      const result = await exec(t, {
        env: { EXTRA: 'x y', PATH: ['/opt/first/bin', '/opt/second/bin'], CUSTOM_DIRS: ['/a'] },
        '-env': ['DROP_ME'],
        message:
          'echo "H=$FROM_HOME S=$SHARED E=$EXTRA D=${DROP_ME-unset} PP=${PYTHONPATH-unset} C=$CUSTOM_DIRS HF=$HF_HOME"; echo "P=$PATH"',
      });
      expect(result.stdout).toContain(
        `H=home S=app E=x y D=unset PP=unset C=/a HF=${path.join(t.ctx.home.cache, 'HF_HOME')}`,
      );
      expect(result.stdout).toContain(
        `P=/opt/first/bin:/opt/second/bin:${t.ctx.home.bin}:${process.env.PATH}`,
      );
    } finally {
      delete process.env.PYTHONPATH;
    }
  });

  it('captures the URL of a real HTTP server with an `on` done handler, leaves it running, and stops it at the end of the run', async () => {
    const t = await setup();
    const server = `require('http').createServer((q, s) => s.end('hello from app')).listen(0, '127.0.0.1', function () { console.log('Running on local URL:  http://127.0.0.1:' + this.address().port) })`;
    const result = await exec(t, {
      message: `node -e "${server}"`,
      on: [{ event: '/(http:\\/\\/[0-9.:]+)/', done: true }],
    });
    const url = result.event![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(result.exitCode).toBeNull();
    expect(await (await fetch(url)).text()).toBe('hello from app');
    expect(t.processes.size).toBe(1);
    await t.end();
    await expect(fetch(url)).rejects.toThrow();
  });

  it('kill ends the process and continues; break fails the step with the matching line', async () => {
    const t = await setup();
    const killed = await exec(t, {
      message: 'echo ready; sleep 300',
      on: [{ event: '/ready/', kill: true }],
    });
    expect(killed.event![0]).toBe('ready');
    await waitFor(() => t.processes.size === 0, 'the killed process to be released');
    const broken = await exec(t, {
      message: 'echo "something bad happened"; sleep 300',
      on: [{ event: '/bad/', break: true }],
    }).catch((e: unknown) => e);
    expect(broken).toMatchObject({ code: 'step_failed' });
    expect((broken as Error).message).toContain('"something bad happened"');
    await waitFor(() => t.processes.size === 0, 'the broken process to be stopped');
  });

  it('applies the implicit /error:/i break, which break:false masks as real launchers expect', async () => {
    const t = await setup();
    const failed = await exec(t, {
      message: 'echo "RuntimeError: CUDA out of memory"; sleep 300',
    }).catch((e: unknown) => e);
    expect(failed).toMatchObject({ code: 'step_failed' });
    expect((failed as Error).message).toContain('CUDA out of memory');
    const masked = await exec(t, {
      message: 'echo "error: harmless warning"; echo fine',
      on: [{ event: '/error:/i', break: false }],
    });
    expect(masked.exitCode).toBe(0);
    expect(masked.stdout).toContain('fine');
  });

  it('refuses sudo, and names what is missing for venv_python and conda', async () => {
    const t = await setup();
    await expect(exec(t, { message: 'id', sudo: true })).rejects.toMatchObject({
      code: 'forbidden',
    });
    const py = await exec(t, {
      message: 'true',
      venv: 'env',
      venv_python: '3.99',
      env: { PATH: '/nonexistent-uv' },
    }).catch((e: unknown) => e);
    expect(py).toMatchObject({ code: 'missing_tool' });
    expect((py as Error).message).toContain('python3.99');
    const conda = await exec(t, {
      message: 'true',
      conda: { path: 'cenv' },
      env: { PATH: [], HANGAR_MICROMAMBA_URL: 'http://127.0.0.1:9' },
    }).catch((e: unknown) => e);
    if (!(conda instanceof Error)) throw new Error('conda should be missing on this machine');
    expect(conda).toMatchObject({ code: 'missing_tool' });
    expect(conda.message).toContain('conda');
  });

  it('stops the running command when the run is stopped', async () => {
    const t = await setup();
    const pending = exec(t, { message: 'echo started; sleep 300' });
    await waitFor(() => t.output().includes('started'), 'the command to start');
    t.controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    await waitFor(async () => (await descendants()).length === 0, 'the command to be stopped');
  });
});
