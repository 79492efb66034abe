import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function post(body: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${server.url}/api`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  return {
    status: response.status,
    body: response.status === 200 ? await response.json() : await response.text(),
  };
}

describe('JSON-RPC at /api', () => {
  it('answers system.info with version, node, platform, arch, home, gpus and uptime', async () => {
    const info = await server.rpc('system.info');
    expect(info).toMatchObject({
      version: expect.any(String),
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      home: server.home,
    });
    expect(Array.isArray(info.gpus)).toBe(true);
    expect(typeof info.uptimeSec).toBe('number');
  });

  it('serves the method table on GET /api', async () => {
    const table = await (await fetch(`${server.url}/api`)).json();
    expect(table.methods.map((m: { method: string }) => m.method)).toContain('system.info');
    expect(table.methods[0]).toHaveProperty('params');
  });

  it('answers a parse error with -32700', async () => {
    const { body } = await post('{"jsonrpc": "2.0", "method": ');
    expect(body).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
  });

  it('answers an invalid request with -32600', async () => {
    const { body } = await post(JSON.stringify({ jsonrpc: '1.0', id: 7, method: 'system.info' }));
    expect(body).toMatchObject({ id: 7, error: { code: -32600 } });
    expect((await post('42')).body).toMatchObject({ error: { code: -32600 } });
  });

  it('answers an unknown method with -32601 and data.code unknown_method', async () => {
    const { body } = await post(JSON.stringify({ jsonrpc: '2.0', id: 'a', method: 'system.nope' }));
    expect(body).toMatchObject({
      id: 'a',
      error: { code: -32601, data: { code: 'unknown_method' } },
    });
  });

  it('answers invalid params with -32602 naming the field', async () => {
    const { body } = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system.info', params: { extra: true } }),
    );
    expect(body).toMatchObject({
      id: 1,
      error: { code: -32602, data: { code: 'invalid_params' } },
    });
    expect(body.error.message).toMatch(/extra/);
  });

  it('answers a batch with one response per call, in order, skipping notifications', async () => {
    const { body } = await post(
      JSON.stringify([
        { jsonrpc: '2.0', id: 1, method: 'system.info' },
        { jsonrpc: '2.0', method: 'system.info' },
        { jsonrpc: '2.0', id: 2, method: 'nope' },
        { foo: 'bar' },
      ]),
    );
    expect(body).toHaveLength(3);
    expect(body[0]).toMatchObject({ id: 1, result: { home: server.home } });
    expect(body[1]).toMatchObject({ id: 2, error: { code: -32601 } });
    expect(body[2]).toMatchObject({ id: null, error: { code: -32600 } });
  });

  it('rejects an empty batch as an invalid request', async () => {
    expect((await post('[]')).body).toMatchObject({ error: { code: -32600 } });
  });

  it('sends nothing back for a lone notification', async () => {
    expect((await post(JSON.stringify({ jsonrpc: '2.0', method: 'system.info' }))).status).toBe(
      204,
    );
  });

  it('accepts only application/json bodies (415)', async () => {
    const { status } = await post(
      JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'system.info' }),
      { 'content-type': 'text/plain' },
    );
    expect(status).toBe(415);
  });

  it('refuses bodies over 1 MiB (413)', async () => {
    const { status } = await post(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'system.info',
        params: { x: 'y'.repeat(1_100_000) },
      }),
    );
    expect(status).toBe(413);
  });

  it('refuses other HTTP methods (405)', async () => {
    expect((await fetch(`${server.url}/api`, { method: 'DELETE' })).status).toBe(405);
  });
});
