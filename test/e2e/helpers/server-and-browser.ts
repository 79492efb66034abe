// An e2e file's world: a spawned Hangar, Chromium and a fixture launcher in a temp git repository, started before
// the file's tests and ended after them.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { MethodName, ParamsArgs, Result } from '../../../lib/shared/api';
import { repoFromFixture, type TempRepo } from '../../helpers/git-repo';
import { rpcCall } from '../../helpers/rpc';
import { spawnServer, type ServerProcess } from '../../helpers/spawn-server';
import { launchBrowser } from './browser';

export interface E2eWorld {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly repo: TempRepo;
  /** A typed API call to the server. */
  call<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>>;
}

/** Registers the hooks; the world's parts are there inside the file's tests and later hooks. */
export function withServerAndBrowser(fixtureDir: string): E2eWorld {
  let server: ServerProcess | undefined;
  let browser: Browser | undefined;
  let repo: TempRepo | undefined;
  beforeAll(async () => {
    [server, browser, repo] = await Promise.all([
      spawnServer(),
      launchBrowser(),
      repoFromFixture(fixtureDir),
    ]);
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await repo?.remove();
  });
  const need = <T>(part: T | undefined, name: string): T => {
    if (part === undefined)
      throw new Error(`the e2e ${name} is not started (use it inside a test)`);
    return part;
  };
  return {
    get server() {
      return need(server, 'server');
    },
    get browser() {
      return need(browser, 'browser');
    },
    get repo() {
      return need(repo, 'repo');
    },
    call: async (method, ...params) => rpcCall(need(server, 'server').url, method, ...params),
  };
}
