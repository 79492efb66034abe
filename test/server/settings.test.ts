import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startTestServer, type TestServer } from '../helpers/server';
import { rawRpcCall } from '../helpers/rpc';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

describe('settings.get / settings.set', () => {
  it('stores a Hugging Face token in config.json but never returns it', async () => {
    const after = await server.rpc('settings.set', {
      hfToken: 'hf_secretvalue123',
      stopTimeoutMs: 3000,
    });
    expect(after).toMatchObject({ hfTokenSet: true, stopTimeoutMs: 3000 });
    expect(JSON.stringify(after)).not.toContain('hf_secretvalue123');
    expect(JSON.stringify(await server.rpc('settings.get'))).not.toContain('hf_secretvalue123');
    const file = JSON.parse(await readFile(path.join(server.home, 'config.json'), 'utf8'));
    expect(file).toMatchObject({ hfToken: 'hf_secretvalue123', stopTimeoutMs: 3000 });
  });

  it('removes the token with null', async () => {
    expect(await server.rpc('settings.set', { hfToken: null })).toMatchObject({
      hfTokenSet: false,
    });
    expect(
      JSON.parse(await readFile(path.join(server.home, 'config.json'), 'utf8')).hfToken,
    ).toBeUndefined();
  });

  it('rejects unknown or invalid settings, naming the field, and changes nothing', async () => {
    const before = await readFile(path.join(server.home, 'config.json'), 'utf8');
    await expect(server.rpc('settings.set', { stopTimeoutMs: -1 })).rejects.toMatchObject({
      rpc: { code: -32602 },
    });
    await expect(rawRpcCall(server.url, 'settings.set', { shell: '/bin/sh' })).rejects.toThrow(
      /shell/,
    );
    expect(await readFile(path.join(server.home, 'config.json'), 'utf8')).toBe(before);
  });
});
