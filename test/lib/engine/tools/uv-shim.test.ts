// The pip shim standing in for uv: real corpus install lines run through it into an app's venv, with real pip.
import { execFile } from 'node:child_process';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installUvShim } from '../../../../lib/engine/tools';
import { makeTempDir } from '../../../helpers/temp-dir';
import { servePypiIndex, type PypiIndex } from '../../../helpers/servers/pypi-index';
import type { TestRun } from '../steps/shell/step-context';
import { exec, runPerTest } from './shell-run';

const startRun = runPerTest();

const corpus = path.resolve(__dirname, '../../../../../shared/pinokio-corpus');
let index: PypiIndex;
const savedRetries = process.env.PIP_RETRIES;

/** The first command line of a corpus launcher that starts with `prefix`. */
async function corpusLine(file: string, prefix: string): Promise<string> {
  const text = await readFile(path.join(corpus, file), 'utf8');
  const line = [...text.matchAll(/"([^"]*)"/g)].map((m) => m[1]!).find((l) => l.startsWith(prefix));
  if (!line) throw new Error(`${file} has no line starting with ${prefix}`);
  return line;
}

beforeAll(async () => {
  process.env.PIP_RETRIES = '0';
  // `six` from the package index pip reaches on this machine, served again as a PEP 503 index of our own.
  const dir = await makeTempDir('hangar-shim-wheels-');
  await promisify(execFile)('python3', ['-m', 'pip', 'download', '--no-deps', '-d', dir, 'six'], {
    env: { ...process.env, PIP_RETRIES: '0' },
  });
  const wheel = (await readdir(dir)).find((f) => f.startsWith('six-'))!;
  index = await servePypiIndex({ six: [path.join(dir, wheel)] });
});

afterAll(async () => {
  await index.close();
  if (savedRetries === undefined) delete process.env.PIP_RETRIES;
  else process.env.PIP_RETRIES = savedRetries;
});

async function shimRun(): Promise<TestRun> {
  const t = await startRun();
  await installUvShim(t.ctx.home.bin, 'the test has no uv');
  return t;
}

const warnings = (t: TestRun): string[] =>
  t
    .output()
    .split(/\r?\n/)
    .filter((l) => l.startsWith('warning: uv is not installed'));

describe('the uv pip shim', () => {
  it('runs fluxgym\'s "uv pip install -r requirements.txt" into the app\'s venv, with one warning line', async () => {
    const t = await shimRun();
    const line = await corpusLine('fluxgym/install.js', 'uv pip install -r');
    expect(line).toBe('uv pip install -r requirements.txt');
    await writeFile(path.join(t.appDir, 'requirements.txt'), 'six\n');
    await exec(t, {
      venv: 'env',
      env: { PIP_INDEX_URL: index.url },
      message: line,
    });
    expect(warnings(t)).toEqual([
      "warning: uv is not installed; Hangar runs 'uv pip install' through pip instead (slower)",
    ]);
    expect(index.requests).toContain('/simple/six/');
    const check = await exec(t, {
      venv: 'env',
      message: 'python -c "import six, sys; print(six.__file__.startswith(sys.prefix))"',
    });
    expect(check.stdout).toContain('True');
  });

  it("runs comfy's torch line (--index-url --force-reinstall --no-deps), then uninstall, list and freeze", async () => {
    const t = await shimRun();
    const line = await corpusLine(
      'comfy/torch.js',
      'uv pip install torch torchvision torchaudio --index-url https://download.pytorch.org/whl/cpu --force-reinstall',
    );
    // The internet's index and torch are what cannot exist here: the local index and `six` stand in.
    const local = line
      .replace('torch torchvision torchaudio', 'six')
      .replace('https://download.pytorch.org/whl/cpu', index.url);
    expect(local).toBe(`uv pip install six --index-url ${index.url} --force-reinstall --no-deps`);
    const before = index.requests.length;
    await exec(t, { venv: 'env', message: local });
    expect(index.requests.slice(before)).toContain('/simple/six/');
    const listed = await exec(t, { venv: 'env', message: 'uv pip list && uv pip freeze' });
    expect(listed.stdout).toMatch(/six\s+\d/);
    expect(listed.stdout).toMatch(/six==\d/);
    const uninstall = await corpusLine('fluxgym/install.js', 'uv pip uninstall');
    await exec(t, { venv: 'env', message: uninstall.replace('diffusers[torch] torch', 'six') });
    const gone = await exec(t, {
      venv: 'env',
      message: 'python -c "import six" 2>/dev/null && echo still-there || echo removed',
    });
    expect(gone.stdout).toContain('removed');
  });

  it('creates a venv with "uv venv" and installs into the .venv it finds, with -U and --pre', async () => {
    const t = await shimRun();
    await mkdir(path.join(t.appDir, 'app'));
    await exec(t, {
      path: 'app',
      message: [
        'uv venv',
        `uv pip install -U --pre --index-url=${index.url} six`,
        '.venv/bin/python -c "import six; print(\'six ok\')"',
      ],
    });
    expect(t.output()).toContain('six ok');
  });

  it('refuses to install outside any environment, as uv does, and names the command uv needs for the rest', async () => {
    const t = await shimRun();
    const outside = await exec(t, { message: 'uv pip install six' }).catch((e: Error) => e);
    expect(outside).toBeInstanceOf(Error);
    expect((outside as Error).message).toContain('No virtual environment found');
    expect(t.output()).toContain('No virtual environment found');
    const run = await exec(t, { message: 'uv run main.py' }).catch((e: Error) => e);
    expect(run).toBeInstanceOf(Error);
    expect(t.output()).toContain("'uv run main.py' needs the real uv");
  });
});
