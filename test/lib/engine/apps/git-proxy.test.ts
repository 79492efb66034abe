// git honours the proxy setting: a clone over http goes through a real proxy to a real git http-backend.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireSource } from '../../../../lib/engine/apps/app-source';
import { setNetworkSource } from '../../../../lib/engine/network';
import { repoFromFixture, type TempRepo } from '../../../helpers/git-repo';
import { GitHttpServer } from '../../../helpers/servers/git-http';
import { startProxy, type HttpProxy } from '../../../helpers/servers/http-proxy';

describe('git through the proxy setting', () => {
  let repo: TempRepo;
  let gitServer: GitHttpServer;
  let proxy: HttpProxy;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    for (const name of ['http_proxy', 'https_proxy', 'all_proxy', 'no_proxy']) {
      delete process.env[name];
      delete process.env[name.toUpperCase()];
    }
    repo = await repoFromFixture(path.resolve(__dirname, '../../../fixtures/launchers/hello-app'));
    gitServer = await new GitHttpServer(path.dirname(repo.dir)).start();
    proxy = await startProxy({ auth: 'git:pw' });
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-git-proxy-'));
  });
  afterAll(async () => {
    process.env = { ...saved };
    await proxy.stop();
    await gitServer.stop();
    await repo.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('clones over http through the proxy, with its credentials', async () => {
    const restore = setNetworkSource(() => ({ proxy: `http://git:pw@127.0.0.1:${proxy.port}` }));
    try {
      const location = gitServer.url('hello-app/.git');
      const dest = path.join(dir, 'clone');
      await acquireSource({ kind: 'git', location }, dest, async () => undefined);
      expect(existsSync(path.join(dest, 'pinokio.js'))).toBe(true);
      const through = proxy.seen.filter((s) => s.target.startsWith(location));
      expect(through.length).toBeGreaterThan(0);
      expect(through.at(-1)?.proxyAuthorization).toBe(
        `Basic ${Buffer.from('git:pw').toString('base64')}`,
      );
    } finally {
      restore();
    }
  });

  it('goes direct for a host the NO_PROXY setting lists', async () => {
    const before = proxy.seen.length;
    const restore = setNetworkSource(() => ({ proxy: proxy.url, noProxy: '127.0.0.1' }));
    try {
      const dest = path.join(dir, 'direct');
      await acquireSource(
        { kind: 'git', location: gitServer.url('hello-app/.git') },
        dest,
        async () => undefined,
      );
      expect(existsSync(path.join(dest, 'pinokio.js'))).toBe(true);
      expect(proxy.seen.length).toBe(before);
    } finally {
      restore();
    }
  });
});
