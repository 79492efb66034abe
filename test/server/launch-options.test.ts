// Per-app launch options on a real Hangar: a real started app sees the arguments, environment and fixed port set
// through the CLI; a GPU choice is checked against the GPUs found; an app set to auto-start is running again after
// a real Hangar restart, on its fixed port.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import getPort from 'get-port';
import { hangar } from '../helpers/cli';
import { helloAppRepo } from '../helpers/hello-app';
import type { TempRepo } from '../helpers/git-repo';
import { writeTestConfig } from '../helpers/port-range';
import { waitFor } from '../helpers/processes';
import { spawnServer, type ServerProcess } from '../helpers/spawn-server';

/** The app prints what it was started with: its arguments after the port, a few variables, its port. */
const PRINTER = `const http = require('node:http');
const server = http.createServer((req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({
    argv: process.argv.slice(3),
    env: {
      HELLO_X: process.env.HELLO_X ?? null,
      HELLO_SPACE: process.env.HELLO_SPACE ?? null,
      CUDA_DEVICE_ORDER: process.env.CUDA_DEVICE_ORDER ?? null,
    },
    port: server.address().port,
  }));
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => {
  console.log('Printer on http://127.0.0.1:' + server.address().port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

interface Seen {
  argv: string[];
  env: Record<string, string | null>;
  port: number;
}

let home: string;
let repo: TempRepo;
let server: ServerProcess | undefined;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'hangar-launch-'));
  await writeTestConfig(home);
  repo = await helloAppRepo();
  await writeFile(path.join(repo.dir, 'app/server.js'), PRINTER);
  repo.commit('a server that prints its argv, env and port');
});
afterAll(async () => {
  await server?.stop();
  await repo?.remove();
  await rm(home, { recursive: true, force: true });
});

async function seen(port: number): Promise<Seen> {
  return (await (await fetch(`http://127.0.0.1:${port}/`)).json()) as Seen;
}

describe('launch options', () => {
  it('gives a started app its arguments, environment and fixed port, and starts it with Hangar', async () => {
    server = await spawnServer({ home });
    await server.rpc('apps.install', { source: repo.dir, name: 'printer' });
    await waitFor(
      async () => (await server!.rpc('apps.get', { name: 'printer' })).state === 'installed',
      'the install',
      60_000,
    );
    const fixed = await getPort();
    const set = await hangar(
      'options',
      'printer',
      // A value starting with a dash goes after "=" (the parser's rule for option values).
      '--args=--alpha',
      '--args',
      'two words',
      '--env',
      'HELLO_X=42',
      '--env',
      'HELLO_SPACE=a b=c',
      '--port',
      String(fixed),
      '--autostart',
      '--url',
      server.url,
    );
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    const app = await server.rpc('apps.get', { name: 'printer' });
    expect(app.launch).toEqual({
      args: ['--alpha', 'two words'],
      env: { HELLO_X: '42', HELLO_SPACE: 'a b=c' },
      port: fixed,
      autostart: true,
    });

    const started = await server.rpc('apps.start', { name: 'printer' });
    expect(started.port).toBe(fixed);
    expect(await seen(fixed)).toEqual({
      argv: ['--alpha', 'two words'],
      env: { HELLO_X: '42', HELLO_SPACE: 'a b=c', CUDA_DEVICE_ORDER: null },
      port: fixed,
    });

    // A Hangar restart (the graceful stop stops the app): the app comes back by itself on its port.
    await server.stop();
    server = await spawnServer({ home });
    await waitFor(
      async () => (await server!.rpc('apps.get', { name: 'printer' })).state === 'running',
      'the autostart',
      60_000,
    );
    expect((await seen(fixed)).argv).toEqual(['--alpha', 'two words']);

    // Back to automatic: the next start takes a free port of Hangar's range.
    await server.rpc('apps.stop', { name: 'printer' });
    const auto = await hangar('options', 'printer', '--port', 'auto', '--url', server.url);
    expect(auto.code).toBe(0);
    expect((await server.rpc('apps.get', { name: 'printer' })).launch.port).toBeNull();
  });

  it('refuses a GPU that was not found, naming the GPUs found, and a malformed variable', async () => {
    const system = await server!.rpc('system.info');
    const missing = Math.max(-1, ...system.gpus.map((g) => g.index ?? -1)) + 1;
    const refused = await hangar(
      'options',
      'printer',
      '--gpus',
      String(missing),
      '--url',
      server!.url,
    );
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain(`No GPU ${missing}`);
    expect(refused.stderr).toMatch(
      system.gpus.length === 0 ? /no GPU was found/ : /GPUs found are/,
    );
    expect((await server!.rpc('apps.get', { name: 'printer' })).gpus).toBeNull();

    const bad = await hangar('options', 'printer', '--env', '1BAD=x', '--url', server!.url);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/env/);
  });
});
