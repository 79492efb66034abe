// kernel.download/import/log/symlink/wait in real runs: a loopback server, a TCP port, files and another script.
import { lstat, mkdir, readFile, readlink, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildKernel } from '../../../../lib/engine/script/kernel';
import { makeRunnerEnv, type RunnerEnv } from './run-helpers';

let env: RunnerEnv;
let server: http.Server;
let origin: string;
const payload = Buffer.from('weights'.repeat(5000));

beforeEach(async () => {
  env = await makeRunnerEnv();
  server = http.createServer((req, res) => {
    if (req.url === '/files/model.bin') return res.end(payload);
    res.statusCode = req.url === '/health' ? 200 : 404;
    res.end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await new Promise((r) => server.close(r));
  await env.cleanup();
});

async function runModule(rel: string, body: string, params: Record<string, unknown> = {}) {
  const file = await env.write(
    rel,
    `module.exports = { run: [{ method: async (req, ondata, kernel) => { ${body} } }] };`,
  );
  return (await env.runner.start(file, { params })).done;
}

describe('kernel members', () => {
  it('download fetches into a folder of the launcher and refuses a folder outside the home', async () => {
    const out = await runModule(
      'dl.js',
      `return kernel.download({ uri: req.args.origin + '/files/model.bin', path: 'models' });`,
      { origin },
    );
    expect(out.error).toBeUndefined();
    expect(out.result).toBe(path.join(env.appDir, 'models', 'model.bin'));
    expect((await readFile(out.result as string)).equals(payload)).toBe(true);
    expect(env.logs.join('')).toContain('Download Complete!');
    const escape = await runModule(
      'dl2.js',
      `return kernel.download({ uri: req.args.origin + '/files/model.bin', path: '/tmp' });`,
      { origin },
    );
    expect(escape.error?.message).toContain('kernel.download: /tmp is outside the Hangar home');
  });

  it('log writes to the run log; wait resolves on http, tcp and a file that appears, and times out', async () => {
    const file = await env.write(
      'wait.js',
      `module.exports = { run: [{ method: async (req, ondata, kernel) => {
        await kernel.log({ raw: 'raw packet\\n', cleaned: 'waiting for the marker\\n' });
        await kernel.wait({ resources: [req.args.origin + '/health', 'tcp:' + req.args.port, 'marker.txt'], interval: 50 });
        await kernel.log('marker seen\\n');
        try {
          await kernel.wait({ resources: ['tcp:127.0.0.1:1'], timeout: 200, interval: 50 });
        } catch (e) { return e.message; }
        return 'no timeout';
      } }] };`,
    );
    const port = (server.address() as AddressInfo).port;
    const started = await env.runner.start(file, { params: { origin, port } });
    await env.waitFor('run:log', (e) => e.data.includes('waiting for the marker'));
    env.logs.push('(marker written)');
    await writeFile(path.join(env.appDir, 'marker.txt'), 'x');
    const out = await started.done;
    expect(out.result).toBe('kernel.wait: timed out waiting for tcp:127.0.0.1:1');
    const seen = env.logs.findIndex((l) => l.includes('marker seen'));
    expect(seen).toBeGreaterThan(env.logs.indexOf('(marker written)'));
  });

  it('import reads the local variables of a running script', async () => {
    const daemon = await env.write('server.json', {
      daemon: true,
      run: [
        { method: 'local.set', params: { url: 'http://127.0.0.1:1234' } },
        { method: 'process.wait' },
      ],
    });
    const { runId } = await env.runner.start(daemon);
    await env.waitFor('run:step', (e) => e.runId === runId && e.index === 1);
    const out = await runModule('imp.js', `return kernel.import('local', { srv: 'server.json' });`);
    expect(out.result).toEqual({ srv: { url: 'http://127.0.0.1:1234' } });
    await env.runner.stop(runId);
  });

  it('symlink links inside the home, replaces a symlink, keeps real folders and refuses outside paths', async () => {
    const kernel = buildKernel(env.runner, env.appDir);
    await mkdir(path.join(env.home.drive, 'models'), { recursive: true });
    await mkdir(path.join(env.home.drive, 'other'), { recursive: true });
    await kernel.symlink({ from: 'app/models', to: path.join(env.home.drive, 'models') });
    const link = path.join(env.appDir, 'app', 'models');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    await kernel.symlink({ from: 'app/models', to: '~/drive/other' });
    expect(await readlink(link)).toBe(path.join(env.home.drive, 'other'));
    await mkdir(path.join(env.appDir, 'real'));
    await expect(kernel.symlink({ from: 'real', to: '~/drive/models' })).rejects.toThrow(
      /real exists and is not a symlink/,
    );
    await expect(kernel.symlink({ from: 'etc', to: '/etc' })).rejects.toMatchObject({
      code: 'path_escape',
    });
  });
});
