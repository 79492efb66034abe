// Loopback stand-in for GitHub's releases API: /repos/<o>/<r>/releases/latest and /releases/tags/<tag> as JSON.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandInRelease {
  tag: string;
  /** Asset name → download URL. */
  assets: Record<string, string>;
}

export class GithubApi {
  /** `owner/repo` → its releases, the latest first. */
  readonly releases = new Map<string, StandInRelease[]>();
  readonly requests: { path: string; authorization: string | undefined }[] = [];
  port = 0;
  private server: Server | null = null;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      const answer = this.answer(req);
      res.writeHead(answer ? 200 : 404, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer ?? { message: 'Not Found' }));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    return this;
  }

  private answer(req: IncomingMessage): unknown {
    const path = new URL(req.url ?? '/', this.url).pathname;
    this.requests.push({ path, authorization: req.headers.authorization });
    const m = /^\/repos\/([^/]+)\/([^/]+)\/releases\/(latest|tags\/(.+))$/.exec(path);
    if (!m) return null;
    const releases = this.releases.get(`${m[1]}/${m[2]}`) ?? [];
    const release =
      m[3] === 'latest' ? releases[0] : releases.find((r) => r.tag === decodeURIComponent(m[4]));
    if (!release) return null;
    return {
      tag_name: release.tag,
      assets: Object.entries(release.assets).map(([name, url], id) => ({
        id,
        name,
        browser_download_url: url,
      })),
    };
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
