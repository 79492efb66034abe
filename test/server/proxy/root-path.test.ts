// Apps told their base path at start (GRADIO_ROOT_PATH, --subpath) work under /apps/<name>/ as real processes.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { once } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseProxyProfile, rootPathInjection } from '../../../lib/shared/proxy-profile';
import { startFront, request, type Front } from './harness';

const repoRoot = path.resolve(__dirname, '../../..');
const fixture = path.join(repoRoot, 'test/fixtures/apps/root-path-app.ts');
const children: ChildProcess[] = [];
let front: Front;

beforeAll(async () => {
  front = await startFront();
});

afterEach(async () => {
  await Promise.all(
    children.splice(0).map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      await exited;
    }),
  );
});

afterAll(async () => {
  await front.close();
});

/** Starts the fixture the way the engine starts an app: profile injection merged into env and argv. */
async function startApp(name: string, profileInput: unknown): Promise<number> {
  const injected = rootPathInjection(
    parseProxyProfile({ mode: 'path', ...(profileInput as object) }),
    name,
  );
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...injected.args], {
    cwd: repoRoot,
    env: { ...process.env, ...injected.env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const [line] = (await Promise.race([
    once(child.stdout!, 'data'),
    once(child, 'exit').then(() => {
      throw new Error('fixture exited before listening');
    }),
  ])) as [Buffer];
  return (JSON.parse(line.toString()) as { port: number }).port;
}

describe('root-path injection', () => {
  it('builds env and args from the profile', () => {
    const gradio = rootPathInjection(
      parseProxyProfile({ mode: 'path', rootPathEnv: 'GRADIO_ROOT_PATH' }),
      'wan',
    );
    expect(gradio).toEqual({ base: '/apps/wan', env: { GRADIO_ROOT_PATH: '/apps/wan' }, args: [] });
    expect(
      rootPathInjection(parseProxyProfile({ mode: 'path', rootPathArg: '--subpath' }), 'a1111')
        .args,
    ).toEqual(['--subpath', '/apps/a1111']);
    expect(
      rootPathInjection(
        parseProxyProfile({ mode: 'path', rootPathArg: '--server.baseUrlPath={{base}}' }),
        'st',
      ).args,
    ).toEqual(['--server.baseUrlPath=/apps/st']);
    expect(
      rootPathInjection(parseProxyProfile({ mode: 'port', rootPathEnv: 'GRADIO_ROOT_PATH' }), 'x'),
    ).toEqual({ base: '', env: {}, args: [] });
    expect(rootPathInjection(parseProxyProfile({ rootPathEnv: 'GRADIO_ROOT_PATH' }), 'x')).toEqual({
      base: '',
      env: {},
      args: [],
    });
    expect(() => parseProxyProfile({ mode: 'path', rootPathEnv: 'not a name' })).toThrow();
  });

  it('an app configured by an injected GRADIO_ROOT_PATH serves its page and assets under the prefix', async () => {
    const port = await startApp('gradio', { rootPathEnv: 'GRADIO_ROOT_PATH' });
    front.register('gradio', port, { rootPathEnv: 'GRADIO_ROOT_PATH' });
    const config = await request(`${front.url}/apps/gradio/config`);
    expect(JSON.parse(config.body)).toEqual({ root: '/apps/gradio' });
    const page = await request(`${front.url}/apps/gradio/`);
    expect(page.body).toContain('src="/apps/gradio/assets/app.js"');
    const asset = await request(`${front.url}/apps/gradio/assets/app.js`);
    expect(asset.body).toContain('rootPathApp');
    const login = await request(`${front.url}/apps/gradio/login`);
    expect(login.headers.location).toBe('/apps/gradio/');
  });

  it('an app configured by an injected --subpath flag gets the same base', async () => {
    const port = await startApp('forge', { rootPathArg: '--subpath' });
    front.register('forge', port);
    expect(JSON.parse((await request(`${front.url}/apps/forge/config`)).body)).toEqual({
      root: '/apps/forge',
    });
  });
});
