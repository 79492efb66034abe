// The local world a conformance run stands in for the internet: GitHub repos, Hugging Face, and recording tools.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { startFileServer, type FileServer } from '../../helpers/servers/file-server';
import { buildRepos, scanClones, writeGitConfig } from './git-world';
import { writeShims, type Shims } from './shims';

export interface World {
  dir: string;
  /** Where `https://github.com/<owner>/<name>` lands: `<gitRoot>/<owner>/<name>` (git's `insteadOf`). */
  gitRoot: string;
  shims: Shims;
  /** Every download request the Hugging Face stand-in answered. */
  hub: FileServer;
  /** Variables the server process (and so every app it runs) inherits. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** Answers any `resolve` URL with a few bytes named after the file, as the Hub would serve the real one. */
function mountHub(server: FileServer): void {
  server.handlers.push((req, res) => {
    const url = new URL(req.url ?? '/', server.origin);
    if (!/\/resolve\//.test(url.pathname)) return false;
    const body = Buffer.from(`stand-in for ${url.pathname}\n`);
    res.writeHead(200, {
      'content-length': body.length,
      'content-type': 'application/octet-stream',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
    return true;
  });
}

export async function createWorld(corpus: string): Promise<World> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-world-'));
  const repos = path.join(dir, 'github');
  await buildRepos(repos, await scanClones(corpus));
  const gitConfig = path.join(dir, 'gitconfig');
  await writeGitConfig(gitConfig, repos);
  const shims = await writeShims(dir);
  const hub = await startFileServer();
  mountHub(hub);
  const env = {
    PATH: `${shims.binDir}${path.delimiter}${process.env.PATH ?? ''}`,
    GIT_CONFIG_GLOBAL: gitConfig,
    GIT_CONFIG_NOSYSTEM: '1',
    HF_ENDPOINT: hub.origin,
    PIP_RETRIES: '0',
    // Anything that still reaches for the internet fails at once instead of waiting on it.
    HTTP_PROXY: 'http://127.0.0.1:9',
    HTTPS_PROXY: 'http://127.0.0.1:9',
    NO_PROXY: '127.0.0.1,localhost',
  };
  return {
    dir,
    gitRoot: repos,
    shims,
    hub,
    env,
    async close() {
      await hub.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
