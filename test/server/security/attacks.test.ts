import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { extractArchive } from '../../../lib/engine/downloads/archive/extract';
import { buildTarGz, buildZip } from '../../lib/engine/downloads/archive-builders';
import {
  request,
  rpc,
  startSecureServer,
  upgradeStatus,
  type SecureServer,
} from './security-helpers';

let server: SecureServer;
beforeAll(async () => {
  server = await startSecureServer({ remote: false });
});
afterAll(() => server.stop());

const errorOf = async (method: string, params: unknown) =>
  JSON.parse((await rpc(server.port, method, params)).body).error;

describe('cross-site requests on the loopback binding', () => {
  it('cross-origin JSON-RPC POST: 403 even for a harmless method', async () => {
    expect(
      (await rpc(server.port, 'apps.list', {}, { origin: 'http://evil.example' })).status,
    ).toBe(403);
    expect((await rpc(server.port, 'apps.list', {}, { origin: 'null' })).status).toBe(403);
    // `Origin: null` from a sandboxed frame or a file:// page: the browser marks it cross-site.
    expect(
      (await rpc(server.port, 'apps.list', {}, { origin: 'null', 'sec-fetch-site': 'cross-site' }))
        .status,
    ).toBe(403);
    expect(
      (await rpc(server.port, 'apps.list', {}, { origin: 'null', 'sec-fetch-site': 'none' }))
        .status,
    ).toBe(403);
  });

  it('a same-origin page under Referrer-Policy: no-referrer (Origin: null, Sec-Fetch-Site: same-origin) may post', async () => {
    expect(
      (await rpc(server.port, 'apps.list', {}, { origin: 'null', 'sec-fetch-site': 'same-origin' }))
        .status,
    ).toBe(200);
  });

  it('form-encoded POST (CSRF through an HTML form, even with text/plain): 415 and nothing runs', async () => {
    for (const type of [
      'application/x-www-form-urlencoded',
      'text/plain',
      'multipart/form-data; boundary=x',
    ]) {
      const res = await request(server.port, {
        path: '/api',
        method: 'POST',
        headers: { 'content-type': type },
        body: '{"jsonrpc":"2.0","id":1,"method":"apps.install","params":{"source":"x"}}',
      });
      expect(res.status, type).toBe(415);
    }
  });

  it('state change from GET: GET /api only describes the methods, it never calls one', async () => {
    const res = await request(server.port, { path: '/api?method=terminals.open&jsonrpc=2.0' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).methods.length).toBeGreaterThan(5);
    expect(JSON.parse((await rpc(server.port, 'terminals.list', {})).body).result).toEqual([]);
  });

  it('cross-site WebSocket to the socket: refused, so no terminal can be attached or typed into', async () => {
    expect(
      await upgradeStatus(server.port, '/_hangar/socket.io/?EIO=4&transport=websocket', {
        origin: 'http://evil.example',
      }),
    ).toBe(403);
    const opened = JSON.parse(
      (await rpc(server.port, 'terminals.open', { cols: 80, rows: 24 })).body,
    ).result as { id: string };
    try {
      const socket = connect(server.url, {
        path: '/_hangar/socket.io',
        transports: ['websocket'],
        extraHeaders: { origin: 'http://evil.example' },
        reconnection: false,
      });
      const outcome = await new Promise<string>((resolve) => {
        socket.on('connect', () =>
          socket.emit('terminal:attach', { id: opened.id }, () => resolve('attached')),
        );
        socket.on('connect_error', () => resolve('refused'));
      });
      socket.close();
      expect(outcome).toBe('refused');
    } finally {
      await rpc(server.port, 'terminals.close', { id: opened.id });
    }
  });

  it('cross-site WebSocket to a proxied app: 403 before the proxy is reached', async () => {
    expect(
      await upgradeStatus(server.port, '/apps/hello-app/ws', { origin: 'http://evil.example' }),
    ).toBe(403);
    expect(
      await upgradeStatus(server.port, '/apps/hello-app/ws', { 'sec-fetch-site': 'cross-site' }),
    ).toBe(403);
  });
});

describe('path parameters never escape the home', () => {
  it.each(['../../etc', '..', '.', 'a/b', '..\\..\\x', '%2e%2e', 'x\0y'])(
    'path traversal in app names (%j): invalid params',
    async (name) => {
      expect((await errorOf('apps.get', { name })).code).toBe(-32602);
    },
  );

  it('path traversal in script names: scripts.run with ../ or an absolute path runs nothing', async () => {
    for (const script of ['../../../../etc/passwd', '/etc/passwd', '../config.json']) {
      const error = await errorOf('scripts.run', { name: 'hello-app', script });
      expect(error, script).toBeDefined();
    }
    expect(JSON.parse((await rpc(server.port, 'runs.list', {})).body).result).toEqual([]);
  });

  it('path traversal in file params: a terminal cwd or venv outside the home is refused', async () => {
    for (const params of [{ cwd: '../../..' }, { cwd: '/etc' }, { venv: '../../../usr' }]) {
      expect(await errorOf('terminals.open', params), JSON.stringify(params)).toBeDefined();
    }
    expect(JSON.parse((await rpc(server.port, 'terminals.list', {})).body).result).toEqual([]);
  });

  it('path traversal in a proxied app path: /apps/../config.json is not a file server', async () => {
    await writeFile(path.join(server.home, 'marker-secret.txt'), 'do-not-serve');
    for (const p of [
      '/apps/..%2fmarker-secret.txt',
      '/apps/x/..%2f..%2fmarker-secret.txt',
      '/apps/%2e%2e/marker-secret.txt',
    ]) {
      const res = await request(server.port, { path: p });
      expect(res.body, p).not.toContain('do-not-serve');
    }
  });
});

describe('hostile archives', () => {
  let dir: string;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('zip-slip: a zip entry named ../../escaped.txt is refused and nothing is written', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-zipslip-'));
    const file = path.join(dir, 'evil.zip');
    await writeFile(
      file,
      buildZip([
        { path: 'ok.txt', body: 'fine' },
        { path: '../../escaped.txt', body: 'pwned' },
      ]),
    );
    await expect(extractArchive({ file, dest: path.join(dir, 'out/inner') })).rejects.toMatchObject(
      { code: 'archive_unsafe' },
    );
    expect(existsSync(path.join(dir, 'escaped.txt'))).toBe(false);
    expect(existsSync(path.join(dir, 'out/inner/ok.txt'))).toBe(false);
  });

  it('symlink archive: a tar symlink to / followed by a file through it never writes outside', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-symlink-'));
    const outside = path.join(dir, 'outside');
    const file = path.join(dir, 'evil.tar.gz');
    await writeFile(
      file,
      buildTarGz([
        { path: 'link', type: 'SymbolicLink', linkpath: outside },
        { path: 'link/pwned.txt', body: 'pwned' },
      ]),
    );
    await extractArchive({ file, dest: path.join(dir, 'out') }).catch((error: unknown) => error);
    expect(existsSync(path.join(outside, 'pwned.txt'))).toBe(false);
  });

  it('symlink archive: a zip symlink pointing outside is refused', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'hangar-ziplink-'));
    const file = path.join(dir, 'evil.zip');
    await writeFile(
      file,
      buildZip([
        { path: 'link', body: '../../../../etc', mode: 0o120777 },
        { path: 'link/passwd', body: 'pwned' },
      ]),
    );
    await extractArchive({ file, dest: path.join(dir, 'out') }).catch((error: unknown) => error);
    expect(existsSync(path.join(dir, 'out/link/passwd'))).toBe(false);
  });
});

describe('oversized bodies', () => {
  it('oversized JSON-RPC body (2 MiB): 413 without parsing', async () => {
    const body = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'apps.list',
      params: { pad: 'x'.repeat(2 * 1024 * 1024) },
    });
    expect(
      (
        await request(server.port, {
          path: '/api',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        })
      ).status,
    ).toBe(413);
  });

  it('oversized Socket.IO message (over 1 MB): the client is disconnected', async () => {
    const socket = connect(server.url, {
      path: '/_hangar/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on('connect', resolve);
        socket.on('connect_error', reject);
      });
      const reason = await new Promise<string>((resolve) => {
        socket.on('disconnect', resolve);
        socket.emit('terminal:input', { id: 'x', data: 'y'.repeat(1_100_000) });
      });
      expect(reason).toMatch(/transport/);
    } finally {
      socket.close();
    }
  });
});
