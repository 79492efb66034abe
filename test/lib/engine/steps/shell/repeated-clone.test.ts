// shell.run and a launcher's `git clone` run again where the clone already is (ComfyUI's update repeats its install's
// clones): the script goes on, saying so; a clone refused for anything else still fails the step. Real git, real repo.
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { repoFromFixture, type TempRepo } from '../../../../helpers/git-repo';
import { makeRunnerEnv, type RunnerEnv } from '../../script/run-helpers';

let env: RunnerEnv;
let repo: TempRepo;
beforeEach(async () => {
  env = await makeRunnerEnv();
  repo = await repoFromFixture(path.resolve(__dirname, '../../../../fixtures/launchers/hello-app'));
});
afterEach(async () => {
  await env.cleanup();
  await repo.remove();
});

const shell = (message: string, extra: Record<string, unknown> = {}) => ({
  method: 'shell.run',
  params: { message, ...extra },
});

describe('a repeated git clone in shell.run', () => {
  it('goes on past a clone whose checkout is already there, and says so', async () => {
    const file = await env.write('update.json', {
      run: [
        shell(`git clone ${repo.dir} examples`, { path: 'workflows' }),
        shell(`git clone ${repo.dir} examples`, { path: 'workflows' }),
        shell('echo done > after.txt'),
      ],
    });
    const result = await (await env.runner.start(file)).done;
    expect(result.status, result.error?.message).toBe('finished');
    expect(existsSync(path.join(env.appDir, 'after.txt'))).toBe(true);
    expect(env.logs.join('')).toContain(
      'examples is already a git checkout: kept as it is, and the script goes on.',
    );
  });

  it('still fails a clone into a folder that is not a checkout, and one with a command chained to it', async () => {
    await mkdir(path.join(env.appDir, 'plain'));
    await writeFile(path.join(env.appDir, 'plain/notes.txt'), 'mine\n');
    const plain = await env.write('plain.json', {
      run: [shell(`git clone ${repo.dir} plain`), shell('echo done > after-plain.txt')],
    });
    const refused = await (await env.runner.start(plain)).done;
    expect(refused.status).toBe('failed');
    expect(refused.error?.message).toContain("destination path 'plain' already exists");
    expect(existsSync(path.join(env.appDir, 'after-plain.txt'))).toBe(false);

    const chained = await env.write('chained.json', {
      run: [
        shell(`git clone ${repo.dir} twice`),
        shell(`git clone ${repo.dir} twice && echo chained > chained.txt`),
      ],
    });
    const stopped = await (await env.runner.start(chained)).done;
    expect(stopped.status).toBe('failed');
    expect(existsSync(path.join(env.appDir, 'chained.txt'))).toBe(false);
  });
});
