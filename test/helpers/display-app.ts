// A launcher whose server runs on a virtual display (hello-app with `display: true`), and the Xvfbs of a home.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { listProcs } from '../../lib/engine/processes/proc-table';
import { repoFromFixture, type TempRepo } from './git-repo';

/** hello-app whose start runs an X client on its display before it serves. */
export async function displayAppRepo(): Promise<TempRepo> {
  const repo = await repoFromFixture(path.resolve(__dirname, '../fixtures/launchers/hello-app'));
  await writeFile(
    path.join(repo.dir, 'start.json'),
    JSON.stringify({
      daemon: true,
      run: [
        {
          method: 'shell.run',
          params: {
            message: 'xdpyinfo >/dev/null && node server.js {{port}}',
            path: 'app',
            display: true,
            on: [{ event: '/(http:\\/\\/127\\.0\\.0\\.1:\\d+)/', done: true }],
          },
        },
        { method: 'local.set', params: { url: '{{input.event[1]}}' } },
      ],
    }),
  );
  repo.commit('the server runs on a virtual display');
  return repo;
}

/** Live Xvfb processes started by the Hangar whose home is `home`. */
export async function xvfbsOf(home: string): Promise<number[]> {
  const found: number[] = [];
  for (const p of await listProcs()) {
    if (p.state === 'Z') continue;
    const comm = await readFile(`/proc/${p.pid}/comm`, 'utf8').catch(() => '');
    const env = await readFile(`/proc/${p.pid}/environ`, 'latin1').catch(() => '');
    if (comm.trim() === 'Xvfb' && env.includes(`HANGAR_OWNER=${home}\0`)) found.push(p.pid);
  }
  return found;
}
