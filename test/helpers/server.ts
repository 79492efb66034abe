// Boots the real Hangar server in-process on port 0 with a temp home (API-only unless ui is asked for).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startHangar, type RunningHangar } from '../../server/hangar-server';
import { parseServerConfig } from '../../server/config';
import { writeTestConfig } from './port-range';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { rpcCall } from './rpc';

export const repoRoot = path.resolve(__dirname, '../..');

export interface TestServer extends RunningHangar {
  home: string;
  rpc<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>>;
  /** Stops the server and removes its home. */
  stop(): Promise<void>;
}

/** With `home`, the server uses that home as it is and leaves it in place when stopped (a restart). */
export async function startTestServer(
  options: { ui?: boolean; args?: string[]; config?: Record<string, unknown>; home?: string } = {},
): Promise<TestServer> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'hangar-home-')));
  if (!options.home) await writeTestConfig(home, options.config);
  const config = parseServerConfig(
    ['--port', '0', '--home', home, '--headless', ...(options.args ?? [])],
    {},
  );
  const hangar = await startHangar(config, { ui: options.ui ?? false, dir: repoRoot });
  return {
    ...hangar,
    home,
    rpc: (method, ...params) => rpcCall(hangar.url, method, ...params),
    async stop() {
      await hangar.close();
      if (!options.home) await rm(home, { recursive: true, force: true });
    },
  };
}
