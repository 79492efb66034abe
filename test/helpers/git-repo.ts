// Real git repositories for tests: a fixture folder copied into a temp dir and committed.
import { execFileSync } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const GIT_ENV = {
  ...process.env,
  GIT_AUTHOR_NAME: 'Test',
  GIT_AUTHOR_EMAIL: 'test@localhost',
  GIT_COMMITTER_NAME: 'Test',
  GIT_COMMITTER_EMAIL: 'test@localhost',
};

export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, env: GIT_ENV, encoding: 'utf8' }).trim();
}

export interface TempRepo {
  dir: string;
  commit(message: string): string;
  remove(): Promise<void>;
}

export async function repoFromFixture(fixture: string): Promise<TempRepo> {
  const parent = await mkdtemp(path.join(os.tmpdir(), 'hangar-repo-'));
  const dir = path.join(parent, path.basename(fixture));
  await cp(fixture, dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
  return {
    dir,
    commit(message) {
      git(dir, 'add', '-A');
      git(dir, 'commit', '-q', '-m', message);
      return git(dir, 'rev-parse', 'HEAD');
    },
    remove: () => rm(parent, { recursive: true, force: true }),
  };
}
