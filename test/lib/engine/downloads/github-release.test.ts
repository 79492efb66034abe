// GitHub release assets by pattern: latest or a tag through a releases API stand-in, then the asset itself.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DownloadManager } from '../../../../lib/engine/downloads';
import { releasePattern } from '../../../../lib/engine/downloads/sources/github-release';
import { EventBus } from '../../../../lib/engine/events';
import { homeLayout } from '../../../../lib/engine/home';
import { GithubApi } from '../../../helpers/servers/github-api';
import { startFileServer, type FileServer } from '../../../helpers/servers/file-server';

describe('GitHub release assets by pattern', () => {
  let dir: string;
  let files: FileServer;
  let api: GithubApi;
  let manager: DownloadManager;
  const saved = { ...process.env };
  const v2 = randomBytes(100_000);
  const v1 = randomBytes(50_000);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hangar-gh-release-'));
    files = await startFileServer();
    files.files.set('/v2/tool-2.0-linux-x86_64.tar.gz', { body: v2 });
    files.files.set('/v1/tool-1.0-linux-x86_64.tar.gz', { body: v1 });
    api = await new GithubApi().start();
    api.releases.set('acme/tool', [
      {
        tag: 'v2.0',
        assets: {
          'tool-2.0-linux-x86_64.tar.gz': files.url('/v2/tool-2.0-linux-x86_64.tar.gz'),
          'tool-2.0-macos-arm64.tar.gz': files.url('/v2/none'),
          'checksums.txt': files.url('/v2/none'),
        },
      },
      {
        tag: 'v1.0',
        assets: { 'tool-1.0-linux-x86_64.tar.gz': files.url('/v1/tool-1.0-linux-x86_64.tar.gz') },
      },
    ]);
    process.env.GITHUB_API_URL = api.url;
    process.env.GITHUB_TOKEN = 'ghp_test';
    manager = new DownloadManager({
      home: homeLayout(path.join(dir, 'home')),
      bus: new EventBus(),
    });
  });
  afterEach(() => {
    api.requests.length = 0;
  });
  afterAll(async () => {
    process.env = saved;
    await manager.dispose();
    await api.stop();
    await files.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const fetch = (url: string, name: string): Promise<unknown> =>
    manager.start({ url, dest: path.join(dir, name) }).done;

  it('takes the latest release asset whose name matches the pattern, asking with GITHUB_TOKEN', async () => {
    await fetch(
      'https://github.com/acme/tool/releases/latest/download/tool-*-linux-x86_64.tar.gz',
      'a',
    );
    expect((await readFile(path.join(dir, 'a'))).equals(v2)).toBe(true);
    expect(api.requests).toEqual([
      { path: '/repos/acme/tool/releases/latest', authorization: 'Bearer ghp_test' },
    ]);
  });

  it('takes a tagged release by its tag', async () => {
    await fetch('https://github.com/acme/tool/releases/download/v1.0/tool-%3F.%3F-linux-*', 'b');
    expect((await readFile(path.join(dir, 'b'))).equals(v1)).toBe(true);
    expect(api.requests.map((r) => r.path)).toEqual(['/repos/acme/tool/releases/tags/v1.0']);
  });

  it('fails clearly, listing the assets, when nothing or several match', async () => {
    const none = await fetch(
      'https://github.com/acme/tool/releases/latest/download/tool-*-windows.zip',
      'c',
    ).catch((e: unknown) => e);
    expect((none as Error).message).toContain(
      'No asset of acme/tool release latest match "tool-*-windows.zip"; its assets: tool-2.0-linux-x86_64.tar.gz, tool-2.0-macos-arm64.tar.gz, checksums.txt',
    );
    const several = await fetch(
      'https://github.com/acme/tool/releases/latest/download/tool-*',
      'd',
    ).catch((e: unknown) => e);
    expect((several as Error).message).toMatch(/^2 assets of acme\/tool release latest match/);
  });

  it('names a missing release', async () => {
    const error = await fetch(
      'https://github.com/acme/tool/releases/download/v9/tool-*',
      'e',
    ).catch((e: unknown) => e);
    expect((error as Error).message).toContain('GitHub has no acme/tool release v9 (HTTP 404');
  });

  it('leaves exact asset names to GitHub redirects', () => {
    expect(releasePattern('https://github.com/o/r/releases/latest/download/app.zip')).toBeNull();
    expect(releasePattern('https://github.com/o/r/releases/download/v1/app%2A.zip')).toEqual({
      owner: 'o',
      repo: 'r',
      tag: 'v1',
      pattern: 'app*.zip',
    });
  });
});
