// A local PEP 503 package index over HTTP (simple pages + wheel files), with a `uv` wheel built by the test.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

export interface PypiIndex {
  /** `http://127.0.0.1:<port>/simple/`: the value for PIP_INDEX_URL. */
  url: string;
  /** Paths requested, in order (to tell which pages pip asked for). */
  requests: string[];
  close(): Promise<void>;
}

/** Serves `wheels` (project name → wheel files) as a PEP 503 simple index. */
export async function servePypiIndex(wheels: Record<string, string[]>): Promise<PypiIndex> {
  const files = new Map<string, string>();
  for (const list of Object.values(wheels))
    for (const file of list) files.set(path.basename(file), file);
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    requests.push(url);
    const send = (status: number, type: string, body: string | Buffer): void => {
      res.writeHead(status, { 'content-type': type }).end(body);
    };
    if (url === '/simple/') {
      const links = Object.keys(wheels).map((n) => `<a href="/simple/${n}/">${n}</a>`);
      return send(200, 'text/html', `<!DOCTYPE html><html><body>${links.join('\n')}</body></html>`);
    }
    const project = /^\/simple\/([^/]+)\/$/.exec(url)?.[1];
    if (project) {
      const list = wheels[project.toLowerCase()];
      if (!list) return send(404, 'text/plain', 'not found');
      void Promise.all(
        list.map(async (file) => {
          const sha = createHash('sha256')
            .update(await readFile(file))
            .digest('hex');
          return `<a href="/files/${path.basename(file)}#sha256=${sha}">${path.basename(file)}</a>`;
        }),
      ).then((links) =>
        send(200, 'text/html', `<!DOCTYPE html><html><body>${links.join('\n')}</body></html>`),
      );
      return;
    }
    const file = files.get(decodeURIComponent(url.replace(/^\/files\//, '')));
    if (url.startsWith('/files/') && file) {
      void readFile(file).then((data) => send(200, 'application/octet-stream', data));
      return;
    }
    send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/simple/`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const BUILD_WHEEL = String.raw`
import base64, hashlib, sys, zipfile
out, version = sys.argv[1], sys.argv[2]
dist = "uv-%s.dist-info" % version
files = {
    "uv_stand_in/__init__.py": "def main():\n    print('uv %s (test wheel)')\n" % version,
    dist + "/METADATA": "Metadata-Version: 2.1\nName: uv\nVersion: %s\nSummary: test stand-in\n" % version,
    dist + "/WHEEL": "Wheel-Version: 1.0\nGenerator: hangar-test\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    dist + "/entry_points.txt": "[console_scripts]\nuv = uv_stand_in:main\n",
}
record = []
with zipfile.ZipFile(out, "w") as z:
    for name, text in files.items():
        data = text.encode()
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        record.append("%s,sha256=%s,%d" % (name, digest, len(data)))
        z.writestr(name, data)
    record.append(dist + "/RECORD,,")
    z.writestr(dist + "/RECORD", "\n".join(record) + "\n")
`;

/** Builds `uv-<version>-py3-none-any.whl` in `dir`: a `uv` console script that prints `uv <version>`. */
export async function buildUvWheel(dir: string, version: string): Promise<string> {
  const file = path.join(dir, `uv-${version}-py3-none-any.whl`);
  await promisify(execFile)('python3', ['-c', BUILD_WHEEL, file, version]);
  return file;
}
