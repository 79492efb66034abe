// Real third-party apps behind Hangar in browser tests: one fixture launcher installed and started per proxy mode.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { rpcCall } from '../../helpers/rpc';
import { collectEvents } from '../../helpers/socket-events';
import type { ServerProcess } from '../../helpers/spawn-server';

/** How the browser reaches an app: under /apps/<name>/ on Hangar's origin, or at the root of its own origin. */
export type ProxyMode = 'path' | 'origin';

/** The modes every real-app test runs in. */
export const PROXY_MODES: ProxyMode[] = ['origin', 'path'];

const LAUNCHERS = path.resolve(__dirname, '../../fixtures/launchers');

/** The address a browser opens for app `name` in `mode`; every test computes it here. */
export function appUrl(server: ServerProcess, name: string, mode: ProxyMode): string {
  if (mode === 'path') return `${server.url}/apps/${name}/`;
  const hangar = new URL(server.url);
  return `http://${name}.localhost:${hangar.port}/`;
}

export interface RealApp {
  name: string;
  /** Where the browser opens it (appUrl). */
  url: string;
  /** The app's folder in Hangar's home. */
  dir: string;
  /** The upstream port it listens on. */
  port: number;
  stop(): Promise<void>;
}

/**
 * Installs the launcher `test/fixtures/launchers/<fixture>` as `<fixture>-<mode>` with its proxy profile's
 * `mode: 'path'` set to `mode`, waits until it is installed, and starts it.
 */
export async function startRealApp(
  server: ServerProcess,
  fixture: string,
  mode: ProxyMode,
  startTimeoutMs = 30_000,
): Promise<RealApp> {
  const name = `${fixture}-${mode}`;
  const repo = await launcherInMode(fixture, mode);
  const events = await collectEvents(server.url);
  try {
    await rpcCall(server.url, 'apps.install', { source: repo.dir, name });
    const status = await events.waitFor(
      'app:status',
      (e) => e.name === name && (e.state === 'installed' || e.state === 'install-failed'),
      startTimeoutMs,
    );
    if (status.state !== 'installed')
      throw new Error(`${name} did not install: ${JSON.stringify(status.error)}`);
    const started = await rpcCall(server.url, 'apps.start', {
      name,
      timeoutMs: startTimeoutMs,
    });
    return {
      name,
      url: appUrl(server, name, mode),
      dir: path.join(server.home, 'api', name),
      port: started.port,
      stop: async () => {
        await rpcCall(server.url, 'apps.stop', { name });
      },
    };
  } finally {
    events.close();
    await repo.remove();
  }
}

async function launcherInMode(fixture: string, mode: ProxyMode): Promise<TempRepo> {
  const repo = await repoFromFixture(path.join(LAUNCHERS, fixture));
  if (mode === 'path') return repo;
  const pinokio = path.join(repo.dir, 'pinokio.js');
  const source = await readFile(pinokio, 'utf8');
  if (!source.includes("mode: 'path'"))
    throw new Error(`${fixture}/pinokio.js declares no proxy mode: 'path' to replace`);
  await writeFile(pinokio, source.replace("mode: 'path'", `mode: '${mode}'`));
  repo.commit(`proxy mode ${mode}`);
  return repo;
}
