// The diagnostics bundle reaches a remote browser: GET /_hangar/diagnostics/<name> serves bundles in logs/, nothing else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  TOKEN,
  request,
  requestBytes,
  rpc,
  startSecureServer,
  type SecureServer,
} from './security/security-helpers';

let server: SecureServer;
const bearer = { authorization: `Bearer ${TOKEN}` };

beforeAll(async () => {
  server = await startSecureServer({ env: { HANGAR_TOKEN: TOKEN } });
});
afterAll(() => server.stop());

const fetchBytes = (pathName: string, method = 'GET') =>
  requestBytes(server.port, { path: pathName, method, headers: bearer });

describe('diagnostics bundle download', () => {
  it('serves a bundle written by system.diagnostics, byte for byte, as an attachment', async () => {
    const written = JSON.parse((await rpc(server.port, 'system.diagnostics', {}, bearer)).body)
      .result as { file: string; name: string; bytes: number };
    expect(path.basename(written.file)).toBe(written.name);
    const res = await fetchBytes(`/_hangar/diagnostics/${written.name}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/gzip');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${written.name}"`);
    expect(Number(res.headers['content-length'])).toBe(written.bytes);
    expect(res.body.equals(await readFile(written.file))).toBe(true);
    expect(gunzipSync(res.body).includes('manifest.json')).toBe(true);
    const head = await fetchBytes(`/_hangar/diagnostics/${written.name}`, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    expect((await fetchBytes(`/_hangar/diagnostics/${written.name}`, 'POST')).status).toBe(405);
  });

  it('asks for the login first', async () => {
    const written = JSON.parse((await rpc(server.port, 'system.diagnostics', {}, bearer)).body)
      .result as { name: string };
    const res = await request(server.port, { path: `/_hangar/diagnostics/${written.name}` });
    expect(res.status).toBe(401);
    expect(res.headers['content-disposition']).toBeUndefined();
  });

  it('serves nothing but finished bundles in logs/', async () => {
    const logs = path.join(server.home, 'logs');
    await mkdir(logs, { recursive: true });
    await writeFile(
      path.join(logs, 'diagnostics-2026-01-01T00-00-00-000Z.tar.gz.partial'),
      'cut short',
    );
    await symlink(
      path.join(server.home, 'config.json'),
      path.join(logs, 'diagnostics-2026-01-02T00-00-00-000Z.tar.gz'),
    );
    for (const name of [
      '',
      'audit.log',
      '..%2Fconfig.json',
      '..%2F..%2Fconfig.json',
      'diagnostics-2026-01-01T00-00-00-000Z.tar.gz.partial',
      'diagnostics-2026-01-02T00-00-00-000Z.tar.gz',
      'diagnostics-2099-01-01T00-00-00-000Z.tar.gz',
    ]) {
      const res = await fetchBytes(`/_hangar/diagnostics/${name}`);
      expect(res.status, name).toBe(404);
      expect(res.body.toString()).toBe('No such diagnostics bundle');
    }
  });
});
