// A small Hugging Face Hub stand-in for HF_ENDPOINT: repo listing API, resolve URLs, LFS redirects, tokens.
import { createHash } from 'node:crypto';
import { FileServer, startFileServer } from './file-server';

export interface HfRepoFile {
  body: Buffer;
  /** Served like an LFS file: resolve answers 302 to a CDN path with X-Linked-Etag = sha256. */
  lfs?: boolean;
}

export interface HfRepo {
  type?: 'model' | 'dataset';
  files: Record<string, HfRepoFile>;
  /** Only this bearer token may read the repo. */
  token?: string;
  commit?: string;
}

export class HfServer {
  readonly repos = new Map<string, HfRepo>();

  constructor(readonly http: FileServer) {
    http.handlers.push((req, res) => {
      const url = new URL(req.url ?? '/', http.origin);
      const api = /^\/api\/(models|datasets)\/(.+)\/revision\/([^/]+)$/.exec(url.pathname);
      const resolve = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
      if (!api && !resolve) return false;
      const key = api ? api[2] : resolve![2];
      const repo = this.repos.get(key);
      const wantType = api
        ? api[1] === 'datasets'
          ? 'dataset'
          : 'model'
        : resolve![1]
          ? 'dataset'
          : 'model';
      if (!repo || (repo.type ?? 'model') !== wantType) {
        res.writeHead(404, { 'content-type': 'application/json', 'x-error-code': 'RepoNotFound' });
        res.end('{"error":"Repository not found"}');
        return true;
      }
      if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) {
        res.writeHead(401, { 'content-type': 'application/json' });
        res.end('{"error":"Invalid credentials"}');
        return true;
      }
      const commit = repo.commit ?? 'c0ffee0000000000000000000000000000000000';
      if (api) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            id: key,
            sha: commit,
            siblings: Object.keys(repo.files).map((rfilename) => ({ rfilename })),
          }),
        );
        return true;
      }
      const name = decodeURIComponent(resolve![4]);
      const file = repo.files[name];
      if (!file) {
        res.writeHead(404, { 'x-error-code': 'EntryNotFound' });
        res.end();
        return true;
      }
      const sha256 = createHash('sha256').update(file.body).digest('hex');
      if (file.lfs) {
        const cdn = `/cdn/${sha256}`;
        http.files.set(cdn, { body: file.body, etag: `"${sha256}"` });
        res.writeHead(302, {
          location: `${cdn}?signature=x`,
          'x-linked-etag': `"${sha256}"`,
          'x-linked-size': String(file.body.length),
          'x-repo-commit': commit,
        });
        res.end();
        return true;
      }
      res.writeHead(200, {
        'content-length': String(file.body.length),
        etag: `"${createHash('sha1').update(file.body).digest('hex')}"`,
        'x-repo-commit': commit,
      });
      res.end(file.body);
      return true;
    });
  }

  get endpoint(): string {
    return this.http.origin;
  }

  stop(): Promise<void> {
    return this.http.stop();
  }
}

export async function startHfServer(): Promise<HfServer> {
  return new HfServer(await startFileServer());
}
