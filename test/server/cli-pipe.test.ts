// Output on a pipe: `hangar check --json` of a launcher whose report passes 1 MiB arrives whole through a slow
// reader, and the launcher's own console output goes to stderr, not into the JSON.
import { spawn } from 'node:child_process';
import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hangar, HANGAR_BIN } from '../helpers/cli';
import { apiMethods } from '../../lib/shared/api';
import { repoRoot, startTestServer, type TestServer } from '../helpers/server';
import { makeTempDir } from '../helpers/temp-dir';

const MIB = 1024 * 1024;
let launcher: string;

beforeAll(async () => {
  launcher = await makeTempDir('hangar-big-launcher-');
  await writeFile(
    path.join(launcher, 'pinokio.js'),
    `console.log('launcher says hello at load');
module.exports = {
  version: '4.0',
  title: 'Big',
  menu: async () => {
    console.log('launcher says hello from its menu');
    process.stdout.write('and writes to stdout itself\\n');
    return [{ text: 'Install', href: 'install.json', default: true }];
  },
};
`,
  );
  const steps = Array.from({ length: 2400 }, (_, i) => ({
    method: 'shell.run',
    params: { message: `echo ${'x'.repeat(400)} ${i}` },
  }));
  await writeFile(path.join(launcher, 'install.json'), JSON.stringify({ run: steps }));
});
afterAll(async () => {
  if (launcher) await rm(launcher, { recursive: true, force: true });
});

/** Reads a stream a chunk at a time, pausing 20 ms after each chunk, like a slow consumer at the end of a pipe. */
function readSlowly(stream: Readable): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      stream.pause();
      setTimeout(() => stream.resume(), 20);
    });
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function runPiped(
  args: string[],
): Promise<{ code: number | null; stdout: Buffer; stderr: string }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const stdout = readSlowly(child.stdout);
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  return Promise.all([exited, stdout]).then(([code, out]) => ({ code, stdout: out, stderr }));
}

describe('output through a slow pipe', () => {
  it('the slow reader loses the tail of a process that exits without waiting for stdout (control)', async () => {
    const result = await runPiped([
      '-e',
      `process.stdout.write('y'.repeat(${MIB})); process.exit(0);`,
    ]);
    expect(result.stdout.length).toBeLessThan(MIB);
  });

  it('check --json of a launcher with a report over 1 MiB arrives whole and parses', async () => {
    const result = await runPiped([HANGAR_BIN, 'check', launcher, '--json']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(MIB);
    const report = JSON.parse(result.stdout.toString('utf8')) as {
      ok: boolean;
      scripts: { file: string; steps: unknown[] }[];
    };
    expect(report.ok).toBe(true);
    expect(report.scripts.find((s) => s.file === 'install.json')?.steps).toHaveLength(2400);
    expect(result.stderr).toContain('launcher says hello at load');
    expect(result.stderr).toContain('launcher says hello from its menu');
    expect(result.stderr).toContain('and writes to stdout itself');
  });
});

describe('logs --json of a run that printed over 1 MiB', () => {
  let server: TestServer;
  let app: string;
  beforeAll(async () => {
    server = await startTestServer();
    app = await makeTempDir('hangar-loud-');
    const print = `for (let i = 0; i < 16000; i++) console.log('line ' + i + ' ' + 'z'.repeat(60))`;
    await writeFile(
      path.join(app, 'install.json'),
      JSON.stringify({ run: [{ method: 'shell.run', params: { message: `node -e "${print}"` } }] }),
    );
  });
  afterAll(async () => {
    await server?.stop();
    if (app) await rm(app, { recursive: true, force: true });
  });

  it('arrives whole through a slow reader as one runs.logText page', async () => {
    const installed = await hangar('install', app, '--name', 'loud', '--url', server.url, '--json');
    expect(installed.code, installed.stderr).toBe(0);
    const result = await runPiped([HANGAR_BIN, 'logs', 'loud', '--json', '--url', server.url]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.length).toBeGreaterThan(MIB);
    const page = apiMethods['runs.logText'].result.parse(
      JSON.parse(result.stdout.toString('utf8')),
    );
    expect(page.next).toBe(page.size);
    expect(page.text).toContain('line 0 ');
    expect(page.text).toContain(`line 15999 ${'z'.repeat(60)}`);
  });
});

describe('hangar check arguments', () => {
  const corpus = path.resolve(repoRoot, '../shared/pinokio-corpus');
  const broken = path.resolve(repoRoot, 'test/fixtures/script-core/broken-launcher');

  it('prints one JSON document and exits 0 for a good launcher, menus rendered for --gpu', async () => {
    const dir = path.join(corpus, 'searxng.pinokio');
    const result = await hangar('check', dir, '--json', '--gpu', 'nvidia');
    expect(result.code, result.stderr).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc).toMatchObject({ ok: true, launcher: dir });
    expect(Object.keys(doc.menus)).toEqual([
      'not-installed',
      'installed',
      'running',
      'running-with-url',
    ]);
  });

  it('prints the text plan and exits 1 when there are errors', async () => {
    const result = await hangar('check', broken);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('unknown.json: FAILED');
    expect(result.stdout).toContain('Menu:');
  });

  it('exits 2 with usage for bad arguments', async () => {
    expect((await hangar('check')).code).toBe(2);
    const missing = await hangar('check', '/nonexistent-launcher-dir');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('is not a folder');
    expect((await hangar('check', broken, '--gpu')).stderr).toContain(
      "'--gpu <value>' argument missing",
    );
    expect((await hangar('check', broken, '--platform', 'beos')).stderr).toContain(
      '--platform must be one of linux, darwin, win32',
    );
  });
});
