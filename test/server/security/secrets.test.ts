import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  PASSWORD,
  TOKEN,
  request,
  rpc,
  startSecureServer,
  type SecureServer,
} from './security-helpers';

const HF = 'hf_abcdefghijklmnopqrstuvwxyz0123';
let server: SecureServer;
beforeAll(async () => {
  server = await startSecureServer({
    remote: false,
    env: { HANGAR_TOKEN: TOKEN, HANGAR_PASSWORD: PASSWORD },
  });
  await writeFile(path.join(server.home, 'ENVIRONMENT'), `HF_TOKEN=${HF}\n`);
  const config = JSON.parse(await readFile(path.join(server.home, 'config.json'), 'utf8'));
  await writeFile(
    path.join(server.home, 'config.json'),
    JSON.stringify({ ...config, hfToken: HF }),
  );
});
afterAll(() => server.stop());

const SECRET_PATHS = [
  '/config.json',
  '/ENVIRONMENT',
  '/auth/password.json',
  '/logs/audit.log',
  '/..%2fconfig.json',
  '/%2e%2e/%2e%2e/config.json',
  '/apps/../config.json',
  '/apps/..%2f..%2fconfig.json/',
  '/apps/hello-app/..%2f..%2fauth%2fpassword.json',
  '/_next/static/../../config.json',
];

describe('secrets stay on disk', () => {
  it.each(SECRET_PATHS)('request for a secret file (%s) never returns its content', async (p) => {
    const res = await request(server.port, { path: p });
    expect(res.status).toBeGreaterThanOrEqual(400);
    for (const secret of [HF, 'scrypt', PASSWORD, TOKEN]) expect(res.body).not.toContain(secret);
  });

  it('the password file holds a scrypt hash, never the password, with mode 0600 in a 0700 folder', async () => {
    const file = path.join(server.home, 'auth/password.json');
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(PASSWORD);
    expect(JSON.parse(text)).toMatchObject({ algorithm: 'scrypt' });
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(path.dirname(file))).mode & 0o777).toBe(0o700);
  });

  it('diagnostics leak no secret: system.info, apps.list, auth.status and the method table', async () => {
    for (const method of ['system.info', 'apps.list', 'auth.status']) {
      const res = await rpc(server.port, method, {});
      for (const secret of [HF, PASSWORD, TOKEN]) expect(res.body, method).not.toContain(secret);
    }
    const table = await request(server.port, { path: '/api' });
    expect(table.body).not.toContain(TOKEN);
  });

  it('secrets in audited calls are redacted in logs/audit.log (token, password, URL credentials, HF tokens)', async () => {
    await rpc(server.port, 'apps.install', { source: `https://user:${HF}@127.0.0.1:9/x.git` });
    await rpc(server.port, 'auth.setPassword', {
      password: 'a-new-password-42',
      currentPassword: 'wrong-current-one',
    });
    await request(server.port, {
      path: '/api',
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: '{"jsonrpc":"2.0","id":1,"method":"apps.stop","params":{"name":"nope"}}',
    });
    await server.audit.flush();
    const log = await readFile(path.join(server.home, 'logs/audit.log'), 'utf8');
    expect(log).toContain('"event":"apps.install"');
    expect(log).toContain('"event":"settings.password.rejected"');
    expect(log).toContain('"event":"apps.stop"');
    for (const secret of [HF, PASSWORD, TOKEN, 'a-new-password-42', 'wrong-current-one'])
      expect(log).not.toContain(secret);
    expect((await stat(path.join(server.home, 'logs/audit.log'))).mode & 0o777).toBe(0o600);
  });
});
