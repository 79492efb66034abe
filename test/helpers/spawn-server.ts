// Starts the real production server (`server/bin/start.mjs`) as a child process and waits for its URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { MethodName, ParamsArgs, Result } from '../../lib/shared/api';
import { writeTestConfig } from './port-range';
import { rpcCall } from './rpc';

export const repoRoot = path.resolve(__dirname, '../..');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  home: string;
  output(): string;
  /** A typed API call to this server. */
  rpc<M extends MethodName>(method: M, ...params: ParamsArgs<M>): Promise<Result<M>>;
  /** Sends SIGTERM and resolves with the exit code once the process is gone. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export async function spawnServer(
  options: {
    home?: string;
    args?: string[];
    env?: Record<string, string>;
    timeoutMs?: number;
  } = {},
): Promise<ServerProcess> {
  const home = options.home ?? (await mkdtemp(path.join(os.tmpdir(), 'hangar-home-')));
  const ownsHome = options.home === undefined;
  if (ownsHome) await writeTestConfig(home);
  const child = spawn(
    process.execPath,
    [
      path.join(repoRoot, 'server/bin/start.mjs'),
      '--port',
      '0',
      '--home',
      home,
      '--headless',
      ...(options.args ?? []),
    ],
    {
      cwd: repoRoot,
      env: { ...process.env, ...options.env, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new Error(`server did not start within ${options.timeoutMs ?? 60000} ms:\n${output}`),
        ),
      options.timeoutMs ?? 60000,
    );
    const onData = () => {
      const match = /is running at (http:\/\/\S+?)\/?\s/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before starting:\n${output}`));
    });
  });
  return {
    child,
    url,
    home,
    output: () => output,
    rpc: (method, ...params) => rpcCall(url, method, ...params),
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      if (ownsHome) await rm(home, { recursive: true, force: true });
      return code;
    },
  };
}
