import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server';
import { collectEvents, type EventLog } from '../helpers/socket-events';
import { fetchApp } from '../helpers/app-origin';
import { started } from '../helpers/rpc';

let server: TestServer;
let events: EventLog;

beforeAll(async () => {
  server = await startTestServer();
  events = await collectEvents(server.url);
});
afterAll(async () => {
  events?.close();
  await server?.stop();
});

describe('the bundled Python venv app, installed by its catalog id', () => {
  it('installs: copies the bundled launcher and creates app/env with python3 -m venv', async () => {
    const { name, runId } = started(await server.rpc('apps.install', { source: 'python-hello' }));
    expect(name).toBe('python-hello');
    const status = await events.waitFor(
      'app:status',
      (e) => e.name === 'python-hello' && (e.state === 'installed' || e.state === 'install-failed'),
      60_000,
    );
    expect(status.error, JSON.stringify(status.error)).toBeNull();
    expect(status.state).toBe('installed');
    const logs = await server.rpc('runs.logs', { runId });
    const text = logs.entries.map((e) => e.data).join('');
    expect(text).toContain(`venv ready: ${path.join(server.home, 'api/python-hello/app/env')}`);
    const app = await server.rpc('apps.get', { name: 'python-hello' });
    expect(app).toMatchObject({
      title: 'Python Hello',
      source: { kind: 'catalog', catalogId: 'python-hello' },
    });
    expect(app.menu.find((item) => item.default)).toMatchObject({
      text: 'Start',
      href: 'start.js',
    });
  });

  it('starts: the URL printed by the server is captured and the page answers through /apps/python-hello/', async () => {
    const started = await server.rpc('apps.start', { name: 'python-hello', timeoutMs: 30_000 });
    expect(started.url).toBe('/apps/python-hello/');
    const page = await fetchApp(server.port, 'python-hello', `/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<h1>Hello from Python');
    expect(html).toContain('from a virtual environment: <strong>True</strong>');
    const app = await server.rpc('apps.get', { name: 'python-hello' });
    expect(app.menu.find((item) => item.default)).toMatchObject({
      text: 'Open Web UI',
      href: `http://127.0.0.1:${started.port}`,
    });
  });

  it('runs inside the app venv and knows its proxy base path', async () => {
    const info = await (await fetchApp(server.port, 'python-hello', `/info.json`)).json();
    expect(info).toMatchObject({
      in_venv: true,
      prefix: path.join(server.home, 'api/python-hello/app/env'),
      base_path: '',
    });
  });

  it('stops: the server process is gone and the proxy no longer reaches it', async () => {
    await server.rpc('apps.stop', { name: 'python-hello' });
    const after = await fetchApp(server.port, 'python-hello', `/`);
    expect(after.status).not.toBe(200);
  });
});
