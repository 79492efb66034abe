// A Hugging Face Hub stand-in for HF_ENDPOINT, speaking the Hub's protocol: revision and tree APIs, resolve URLs.
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FileServer, startFileServer } from './file-server';

export interface HfRepoFile {
  body: Buffer;
  /** Served like an LFS file: resolve answers 302 to a CDN URL with X-Linked-Etag = sha256. */
  lfs?: boolean;
}

export interface HfRepo {
  type?: 'model' | 'dataset';
  files: Record<string, HfRepoFile>;
  /** Only this bearer token may read the repo. */
  token?: string;
  /** The commit `main` points at. */
  commit?: string;
  /** Other branches or tags and the commits they point at (each serves the same files). */
  refs?: Record<string, string>;
}

export const DEFAULT_COMMIT = 'c0ffee0000000000000000000000000000000000';

/** Git's blob id of some bytes: sha1 of `blob <length>\0` and the bytes (the Hub's ETag for non-LFS files). */
export function gitBlobSha1(body: Buffer): string {
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

export function sha256Of(body: Buffer): string {
  return createHash('sha256').update(body).digest('hex');
}

/** The size an LFS pointer file has (version, oid and size lines). */
function pointerSize(body: Buffer): number {
  return `version https://git-lfs.github.com/spec/v1\noid sha256:${sha256Of(body)}\nsize ${body.length}\n`
    .length;
}

function sibling(rfilename: string, file: HfRepoFile, blobs: boolean): Record<string, unknown> {
  if (!blobs) return { rfilename };
  const size = file.body.length;
  if (!file.lfs) return { rfilename, size, blobId: gitBlobSha1(file.body) };
  const sha256 = sha256Of(file.body);
  return {
    rfilename,
    size,
    blobId: gitBlobSha1(Buffer.from(`oid sha256:${sha256}`)),
    lfs: { sha256, size, pointerSize: pointerSize(file.body) },
  };
}

function treeEntry(p: string, file: HfRepoFile): Record<string, unknown> {
  const size = file.body.length;
  if (!file.lfs) return { type: 'file', oid: gitBlobSha1(file.body), size, path: p };
  const sha256 = sha256Of(file.body);
  return {
    type: 'file',
    oid: gitBlobSha1(Buffer.from(`oid sha256:${sha256}`)),
    size,
    path: p,
    lfs: { oid: sha256, size, pointerSize: pointerSize(file.body) },
  };
}

function json(res: ServerResponse, status: number, body: unknown, code?: string): true {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(code ? { 'x-error-code': code } : {}),
  });
  res.end(JSON.stringify(body));
  return true;
}

const API = /^\/api\/(models|datasets)\/(.+?)\/(revision|tree)\/([^/]+)(?:\/(.*))?$/;
const RESOLVE = /^\/(datasets\/)?([^/]+\/[^/]+)\/resolve\/([^/]+)\/(.+)$/;

export class HfServer {
  readonly repos = new Map<string, HfRepo>();
  /** Off: the revision API lists bare file names (as some mirrors do), so clients need a HEAD per file. */
  blobsInListing = true;
  /** Off: no API at all (404), as a mirror that serves only resolve URLs. */
  listingApi = true;
  /** Entries per page of the tree API; the next page is named in a `Link: <…>; rel="next"` header, as the Hub does. */
  treePageSize = Number.POSITIVE_INFINITY;
  /** A repo with more files than this is answered without `siblings` by the revision API (a very large repo). */
  siblingsLimit = Number.POSITIVE_INFINITY;

  constructor(readonly http: FileServer) {
    http.handlers.push((req, res) => this.handle(req, res));
  }

  /** Body requests (GET of a resolve or CDN URL answered with bytes) so far, by path. */
  bodyRequests(): string[] {
    return this.http.requests
      .filter(
        (r) =>
          r.method === 'GET' &&
          (r.status === 200 || r.status === 206) &&
          (/\/resolve\//.test(r.path) || r.path.startsWith('/cdn/')),
      )
      .map((r) => r.path);
  }

  private commitOf(repo: HfRepo, revision: string): string | null {
    const main = repo.commit ?? DEFAULT_COMMIT;
    const refs: Record<string, string> = { main, ...repo.refs };
    if (refs[revision]) return refs[revision];
    return Object.values(refs).includes(revision) ? revision : null;
  }

  private handle(req: IncomingMessage, res: ServerResponse): boolean {
    const url = new URL(req.url ?? '/', this.http.origin);
    const api = API.exec(url.pathname);
    const resolve = RESOLVE.exec(url.pathname);
    if (!api && !resolve) return false;
    const key = api ? api[2] : resolve![2];
    const repo = this.repos.get(key);
    const wantType = (api ? api[1] === 'datasets' : Boolean(resolve![1])) ? 'dataset' : 'model';
    if (api && !this.listingApi) return json(res, 404, { error: 'Not found' });
    if (!repo || (repo.type ?? 'model') !== wantType)
      return json(res, 404, { error: 'Repository not found' }, 'RepoNotFound');
    if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`)
      return json(res, 401, { error: 'Invalid credentials' });
    const revision = decodeURIComponent(api ? api[4] : resolve![3]);
    const commit = this.commitOf(repo, revision);
    if (!commit) return json(res, 404, { error: 'Revision not found' }, 'RevisionNotFound');
    if (api?.[3] === 'revision') {
      const blobs =
        this.blobsInListing &&
        (url.searchParams.get('blobs') === 'true' || url.searchParams.has('expand'));
      const files = Object.entries(repo.files);
      return json(res, 200, {
        id: key,
        modelId: key,
        sha: commit,
        private: false,
        ...(files.length > this.siblingsLimit
          ? {}
          : { siblings: files.map(([p, f]) => sibling(p, f, blobs)) }),
      });
    }
    if (api) {
      const under = api[5] ? decodeURIComponent(api[5]).replace(/\/$/, '') : '';
      const entries = Object.entries(repo.files)
        .filter(([p]) => !under || p.startsWith(`${under}/`))
        .map(([p, f]) => treeEntry(p, f));
      const from = Number(url.searchParams.get('cursor') ?? 0);
      const to = from + this.treePageSize;
      if (to < entries.length) {
        const next = new URL(url.href);
        next.searchParams.set('cursor', String(to));
        res.setHeader('link', `<${next.href}>; rel="next"`);
      }
      return json(res, 200, entries.slice(from, to));
    }
    const name = resolve![4].split('/').map(decodeURIComponent).join('/');
    const file = repo.files[name];
    if (!file) {
      res.writeHead(404, { 'x-error-code': 'EntryNotFound', 'x-repo-commit': commit });
      res.end();
      return true;
    }
    if (file.lfs) {
      const sha256 = sha256Of(file.body);
      const cdn = `/cdn/${sha256}`;
      this.http.files.set(cdn, { body: file.body, etag: `"${sha256}"` });
      res.writeHead(302, {
        location: `${this.http.origin}${cdn}?signature=x`,
        etag: `"${gitBlobSha1(Buffer.from(`oid sha256:${sha256}`))}"`,
        'x-linked-etag': `"${sha256}"`,
        'x-linked-size': String(file.body.length),
        'x-repo-commit': commit,
        'content-length': '0',
      });
      res.end();
      return true;
    }
    // Served by the file server (HEAD, Range, If-Range) from an internal path; the request log keeps the original.
    const raw = `/__hf_raw/${key}/${commit}/${name}`;
    this.http.files.set(raw, {
      body: file.body,
      etag: `"${gitBlobSha1(file.body)}"`,
      headers: { 'x-repo-commit': commit },
    });
    req.url = raw;
    return false;
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
