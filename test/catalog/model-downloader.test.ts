import { writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { started } from '../helpers/rpc';

let server: TestServer;
let events: EventLog;
let endpoint: string;

/** A loopback port with nothing listening: connecting to it is refused, like a machine with no network. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as net.AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  server = await startTestServer();
  events = await collectEvents(server.url);
  endpoint = `http://127.0.0.1:${await closedPort()}`;
  // HF_ENDPOINT sends both hf.download and the launcher's fs.download URL to the unreachable mirror, never to the internet.
  await writeFile(path.join(server.home, 'ENVIRONMENT'), `HF_ENDPOINT=${endpoint}\n`);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
});

describe('the model downloader demo with no network', () => {
  it('fails its install with a message naming the URL and the network error, instead of hanging', async () => {
    const { name, runId } = started(
      await server.rpc('apps.install', { source: 'model-downloader' }),
    );
    expect(name).toBe('model-downloader');
    const status = await events.waitFor(
      'app:status',
      (e) =>
        e.name === 'model-downloader' && (e.state === 'installed' || e.state === 'install-failed'),
      200_000,
    );
    expect(status.state).toBe('install-failed');
    const run = await server.rpc('runs.get', { runId });
    expect(run.status).toBe('failed');
    const message = run.error?.message;
    expect(message).toContain(`${endpoint}/api/models/openai-community/gpt2/revision/main`);
    expect(message).toMatch(/ECONNREFUSED|refused/i);
    const app = await server.rpc('apps.get', { name: 'model-downloader' });
    expect(app.state).toBe('install-failed');
  }, 210_000);
});
