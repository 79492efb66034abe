import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import https from 'node:https';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { TOKEN, startSecureServer, type SecureServer } from './security-helpers';

let server: SecureServer;
beforeAll(async () => {
  server = await startSecureServer({ args: ['--https'], env: { HANGAR_TOKEN: TOKEN } });
}, 60_000);
afterAll(() => server.stop());

function get(
  pathName: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{
  status: number;
  headers: Record<string, unknown>;
  cert: { subjectaltname?: string };
}> {
  return new Promise((resolve, reject) => {
    // The self-signed certificate is checked below by hand, so the client does not verify it.
    const req = https.request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: pathName,
        method: init.method ?? 'GET',
        headers: init.headers,
        rejectUnauthorized: false,
        agent: false,
      },
      (res) => {
        const cert = (res.socket as import('node:tls').TLSSocket).getPeerCertificate();
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, cert }));
      },
    );
    req.on('error', reject);
    req.end(init.body);
  });
}

describe('HTTPS with a self-signed certificate (--https)', () => {
  it('serves https on the same port with a certificate for localhost and 127.0.0.1, key file 0600', async () => {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const res = await get('/api');
    expect(res.status).toBe(401);
    expect(res.cert.subjectaltname).toContain('DNS:localhost');
    expect(res.cert.subjectaltname).toContain('IP Address:127.0.0.1');
    expect((await stat(path.join(server.home, 'auth/tls-key.pem'))).mode & 0o777).toBe(0o600);
  });

  it('marks the session cookie Secure over HTTPS', async () => {
    const res = await get('/_hangar/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token: TOKEN }),
    });
    expect(res.status).toBe(200);
    expect(String(res.headers['set-cookie'])).toMatch(
      /HttpOnly; SameSite=Lax; Max-Age=\d+; Secure/,
    );
  });
});
