// Hangar's own clones read the global git config named by GIT_CONFIG_GLOBAL: a mirror's `insteadOf` there serves a
// GitHub URL from a real git http-backend, as it would in a lab without GitHub.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acquireSource } from '../../../../lib/engine/apps/app-source';
import { git, repoFromFixture, type TempRepo } from '../../../helpers/git-repo';
import { GitHttpServer } from '../../../helpers/servers/git-http';

const GITHUB_URL = 'https://github.com/acme/hello-app.git';

describe('a mirror in the global git config', () => {
  let repo: TempRepo;
  let gitServer: GitHttpServer;
  let dir: string;
  const saved = { ...process.env };

  beforeAll(async () => {
    repo = await repoFromFixture(path.resolve(__dirname, '../../../fixtures/launchers/hello-app'));
    gitServer = await new GitHttpServer(path.dirname(repo.dir)).start();
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-git-config-'));
    const config = path.join(dir, 'gitconfig');
    await writeFile(
      config,
      `[url "${gitServer.url(`${path.basename(repo.dir)}/.git`)}"]\n\tinsteadOf = ${GITHUB_URL}\n`,
    );
    process.env.GIT_CONFIG_GLOBAL = config;
    process.env.GIT_CONFIG_NOSYSTEM = '1';
  });
  afterAll(async () => {
    process.env = { ...saved };
    await gitServer.stop();
    await repo.remove();
    await rm(dir, { recursive: true, force: true });
  });

  it('clones a GitHub URL from the mirror the config names', async () => {
    const dest = path.join(dir, 'clone');
    const { commit } = await acquireSource(
      { kind: 'git', location: GITHUB_URL },
      dest,
      async () => undefined,
    );
    expect(existsSync(path.join(dest, 'pinokio.js'))).toBe(true);
    // The mirror's own commit: nothing came from github.com.
    expect(commit).toBe(git(repo.dir, 'rev-parse', 'HEAD'));
  });
});
