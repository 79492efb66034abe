import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { io, type Socket } from 'socket.io-client';
import { startTestServer, type TestServer } from '../helpers/server';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.stop());

async function connect(): Promise<Socket> {
  const socket = io(server.url, {
    path: '/_hangar/socket.io',
    transports: ['websocket'],
    reconnection: false,
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

function attach(
  socket: Socket,
  id: string,
): Promise<{ screen?: { data: string }; error?: string }> {
  return new Promise((resolve) => socket.emit('terminal:attach', { id }, resolve));
}

function waitForOutput(
  socket: Socket,
  id: string,
  needle: RegExp,
  timeoutMs = 10_000,
): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    const timer = setTimeout(
      () => reject(new Error(`no ${needle} in terminal output: ${JSON.stringify(seen)}`)),
      timeoutMs,
    );
    socket.on('terminal:data', (event: { id: string; data: string }) => {
      if (event.id !== id) return;
      seen += event.data;
      if (needle.test(seen)) {
        clearTimeout(timer);
        resolve(seen);
      }
    });
  });
}

describe('terminals over the API and Socket.IO', () => {
  it('opens a shell, echoes typed input, and restores the screen for a client that reconnects', async () => {
    const { id } = await server.rpc('terminals.open', { cols: 80, rows: 24 });
    const first = await connect();
    expect((await attach(first, id)).error).toBeUndefined();
    const token = `hello-${Math.random().toString(36).slice(2, 8)}`;
    const echoed = waitForOutput(first, id, new RegExp(`[\\r\\n]${token}\\r?\\n`));
    first.emit('terminal:input', { id, data: `echo ${token}\r` });
    await echoed;
    first.close();

    const second = await connect();
    const reply = await attach(second, id);
    expect(reply.screen?.data).toContain(token);
    const listed = await server.rpc('terminals.list');
    expect(listed.map((t) => t.id)).toContain(id);
    const exited = new Promise((resolve) => second.on('terminal:exit', resolve));
    await server.rpc('terminals.close', { id });
    await exited;
    expect(await server.rpc('terminals.list')).toEqual([]);
    second.close();
  });

  it('ignores input from a client that did not attach to the terminal', async () => {
    const { id } = await server.rpc('terminals.open', {});
    const watcher = await connect();
    await attach(watcher, id);
    const intruder = await connect();
    intruder.emit('terminal:input', { id, data: 'echo intruder-was-here\r' });
    const marker = waitForOutput(watcher, id, /[\r\n]marker-ok\r?\n/);
    watcher.emit('terminal:input', { id, data: 'echo marker-ok\r' });
    const output = await marker;
    expect(output).not.toContain('intruder-was-here');
    await server.rpc('terminals.close', { id });
    watcher.close();
    intruder.close();
  });

  it('refuses a terminal cwd outside the home', async () => {
    await expect(server.rpc('terminals.open', { cwd: '../..' })).rejects.toMatchObject({
      rpc: { data: { code: 'path_escape' } },
    });
  });
});

describe('the terminal shell from config.json', () => {
  it('opens the configured program with its arguments', async () => {
    const other = await startTestServer({
      config: { terminalShell: { file: 'sh', args: ['-i'] } },
    });
    const socket = io(other.url, {
      path: '/_hangar/socket.io',
      transports: ['websocket'],
      reconnection: false,
    });
    try {
      const { id } = await other.rpc('terminals.open', {});
      await new Promise((resolve) => socket.emit('terminal:attach', { id }, resolve));
      // The echoed input holds `$0-$-`, not `sh-i`: only the output matches, before or after the first prompt.
      const said = waitForOutput(socket, id, /shell=sh-i\r?\n/);
      socket.emit('terminal:input', { id, data: 'echo "shell=$0-$-" | sed "s/-.*i.*/-i/"\r' });
      await said;
    } finally {
      socket.close();
      await other.stop();
    }
  });
});
