// The hello-app fixture launcher as a git repository, optionally with a proxy profile in its pinokio.js.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from './git-repo';

const FIXTURE = path.resolve(__dirname, '../fixtures/launchers/hello-app');

/** `proxy` is the profile's source text, e.g. `{ mode: 'port' }`; the change is committed. */
export async function helloAppRepo(proxy?: string): Promise<TempRepo> {
  const repo = await repoFromFixture(FIXTURE);
  if (proxy !== undefined) {
    const pinokio = path.join(repo.dir, 'pinokio.js');
    await writeFile(
      pinokio,
      (await readFile(pinokio, 'utf8')).replace(
        "title: 'Hello App',",
        `title: 'Hello App',\n  proxy: ${proxy},`,
      ),
    );
    repo.commit('proxy profile');
  }
  return repo;
}
